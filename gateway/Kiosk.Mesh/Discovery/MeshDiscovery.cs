using System.Net;
using System.Net.Sockets;
using Kiosk.Mesh.Peers;
using Makaretu.Dns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiosk.Mesh.Discovery;

/// <summary>
/// Finds the other gateways of the assembly on the LAN and lets them find this one, by DNS-SD over multicast DNS
/// (docs/mesh.md, *Discovery*): it answers queries for <c>_kiosk._tcp.local</c> with this gateway's records and
/// announces them at start (when its peer listener is reachable from other machines), asks for the service at start
/// and then at doubling intervals up to a minute, and hands every gateway of the same assembly that this gateway's own
/// ledger enrols to <see cref="MeshNode.Dial"/>, which dials and authenticates it like a configured peer. What it
/// finds is a hint, never trusted. On stop it says goodbye.
/// </summary>
public sealed class MeshDiscovery : IDisposable
{
    /// <summary>The first and the longest wait between two queries.</summary>
    public static readonly TimeSpan FirstQuery = TimeSpan.FromSeconds(1), LongestQuery = TimeSpan.FromMinutes(1);

    private readonly MeshNode _node;
    private readonly IPEndPoint? _advertised;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly HashSet<Kiosk.Ledger.Bytes32> _dialled = [];
    private readonly HashSet<string> _told = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private MdnsSocket? _socket;
    private IReadOnlyList<ResourceRecord> _records = [];

    /// <summary>
    /// Discovery for <paramref name="node"/>. <paramref name="listener"/> is its peer listener: advertised unless it is
    /// bound to loopback (then this gateway only looks for others). A wildcard address advertises the IPv4 address of
    /// every interface discovery uses.
    /// </summary>
    public MeshDiscovery(MeshNode node, IPEndPoint? listener, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        _node = node ?? throw new ArgumentNullException(nameof(node));
        _advertised = listener is not null && !IPAddress.IsLoopback(listener.Address) ? listener : null;
        _log = (loggers ?? NullLoggerFactory.Instance).CreateLogger("Kiosk.Mesh.Discovery");
        _time = time ?? TimeProvider.System;
    }

    /// <summary>This gateway's advert.</summary>
    public DiscoveryAdvert Advert => new(_node.Assembly, _node.Key);

    /// <summary>
    /// Opens mDNS on the interface of the advertised address (or every usable one) and starts answering and asking.
    /// Throws <see cref="SocketException"/> when it cannot (no usable interface, port 5353 taken without sharing).
    /// </summary>
    public void Start()
    {
        if (_socket is not null) throw new InvalidOperationException("discovery runs already");
        var only = _advertised is { } a && !a.Address.Equals(IPAddress.Any) ? a.Address : null;
        var interfaces = MdnsSocket.Usable(only);
        if (interfaces.Count == 0) throw new SocketException((int)SocketError.NetworkDown, "no interface that is up, multicast-capable and has an IPv4 address" + (only is null ? "" : $" {only}"));
        _socket = new MdnsSocket(interfaces);
        if (_advertised is not null) _records = DiscoveryRecords.Of(Advert, _advertised.Port, only is null ? _socket.Addresses : [only]);
        var token = _stopping.Token;
        _ = RunAsync(() => _socket.ReceiveAsync(OnMessage, token), "receiving");
        _ = RunAsync(() => AnnounceAsync(token), "announcing");
        _ = RunAsync(() => QueryLoopAsync(token), "querying");
        _log.LogInformation("Mesh: discovery on {Interfaces} ({What})", string.Join(", ", interfaces.Select(i => i.Address)), _advertised is null
            ? "looking for other gateways only: the peer listener is on loopback, so it is not advertised"
            : $"advertising {Advert.InstanceName}.{DiscoveryAdvert.QualifiedService}, port {_advertised.Port}");
    }

    private async Task RunAsync(Func<Task> loop, string what)
    {
        try
        {
            await loop().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            if (!_stopping.IsCancellationRequested) _log.LogWarning("Mesh: discovery stopped {What}: {Message}", what, e.Message);
        }
    }

    private async Task SendAsync(Message message, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket!.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        // RFC 6762 8.3: at least two unsolicited answers, one second apart.
        if (_records.Count == 0) return;
        await SendAsync(DiscoveryRecords.Announcement(_records), cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
        await SendAsync(DiscoveryRecords.Announcement(_records), cancellationToken).ConfigureAwait(false);
    }

    private async Task QueryLoopAsync(CancellationToken cancellationToken)
    {
        // RFC 6762 5.2: a continuous query is repeated at intervals that at least double, here from 1 s up to a minute.
        var wait = FirstQuery;
        while (!cancellationToken.IsCancellationRequested)
        {
            await SendAsync(DiscoveryRecords.Query(), cancellationToken).ConfigureAwait(false);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestQuery.Ticks));
        }
    }

    private void OnMessage(Message message)
    {
        if (message.IsQuery)
        {
            if (DiscoveryRecords.Answer(message, _records) is { } answer) _ = RunAsync(() => SendAsync(answer, _stopping.Token), "answering");
            return;
        }
        var (found, problems) = DiscoveryAnswers.Read(message);
        foreach (var problem in problems) Tell($"Mesh: discovery: a {DiscoveryAdvert.Service} answer could not be read: {problem}", LogLevel.Debug);
        foreach (var gateway in found) Consider(gateway);
    }

    /// <summary>Dials <paramref name="found"/> when <see cref="DiscoveryChoice"/> says so.</summary>
    internal void Consider(DiscoveredGateway found)
    {
        DiscoveryDecision decision;
        lock (_dialled)
        {
            decision = DiscoveryChoice.Decide(found, _node.Assembly, _node.Key, _node.Options.Ledger.Authority, _dialled);
            if (decision.ToDial) _dialled.Add(found.Advert.Gateway);
        }
        if (!decision.ToDial)
        {
            // Other assemblies on the same LAN, this gateway itself and repeats are normal; a gateway of this assembly
            // that is not enrolled here is worth a line.
            var normal = found.Advert.Assembly != _node.Assembly || found.Advert.Gateway == _node.Key || decision.Reason == DiscoveryChoice.AlreadyDialled;
            Tell($"Mesh: discovery: not dialling {found.Advert.InstanceName}: {decision.Reason}", normal ? LogLevel.Debug : LogLevel.Information);
            return;
        }
        _log.LogInformation("Mesh: discovery found gateway {Name} ({Key}) at {Url}; dialling it", decision.Name, found.Advert.Gateway.ShortHex, decision.Url);
        _node.Dial(new PeerEntry(decision.Name!, decision.Url!), found.Advert.Gateway);
    }

    private void Tell(string line, LogLevel level)
    {
        // Answers repeat with every query: each distinct line is logged once.
        lock (_told)
            if (!_told.Add(line)) return;
        _log.Log(level, "{Line}", line);
    }

    /// <summary>Says goodbye (its records with a time to live of zero) and stops.</summary>
    public void Dispose()
    {
        if (_socket is not null && _records.Count > 0 && !_stopping.IsCancellationRequested)
        {
            try
            {
                var goodbye = DiscoveryRecords.Announcement(DiscoveryRecords.Of(Advert, _advertised!.Port, _records.OfType<ARecord>().Select(r => r.Address), goodbye: true));
                _socket.SendAsync(goodbye, CancellationToken.None).Wait(TimeSpan.FromSeconds(1));
            }
            catch (AggregateException)
            {
                // Best effort: peers forget the records when their time to live runs out anyway.
            }
        }
        _stopping.Cancel();
        _socket?.Dispose();
        _stopping.Dispose();
        _sending.Dispose();
    }
}
