using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;

namespace Kiosk.Devices.Guard;

/// <summary>
/// Stands between the TCP listeners and MQTTnet's MQTT server: counts the connections each source address holds, closes a
/// new connection at once when a cap in <see cref="ConnectionLimits"/> is reached, and closes a connection that has not
/// sent its CONNECT by the deadline. MQTTnet itself waits 100 s for a CONNECT and has no caps, so without this one host
/// can pile up silent sockets until a Pi runs out of memory. The plain listener is MQTTnet's (the guard wraps its client
/// handler); a TLS listener is the guard's own (<see cref="TlsListener"/>), so that the TLS handshake counts as part of
/// the handshake and must finish, with the CONNECT, by the deadline. The broker calls <see cref="Handshaken"/> when a
/// CONNECT arrives (its validation hook), which ends the deadline of that connection.
/// </summary>
internal sealed class ListenerGuard : IMqttServerAdapter
{
    // How often the guard writes a summary of what it refused: one line per interval, never one per connection.
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly MqttTcpServerAdapter _inner = new();
    private readonly ConnectionLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly GuardCounters _counters;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly ConcurrentDictionary<EndPoint, PendingConnection> _pending = new();
    private readonly HashSet<IPAddress> _exempt;
    private readonly TlsEndpoint? _tls;
    private TlsListener? _tlsListener;
    private int _open;
    private int _handshaking;
    private long _refusedSinceLog;
    private long _lastLogTicks;

    public ListenerGuard(ConnectionLimits limits, TimeProvider time, GuardCounters counters, ILogger log, TlsEndpoint? tls)
    {
        _tls = tls;
        _limits = limits ?? throw new ArgumentNullException(nameof(limits));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _exempt = [.. limits.ExemptAddresses.Select(Normalise)];
    }

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>The port of the guard's TLS listener (known after start; -1 when there is none).</summary>
    public int TlsPort => _tlsListener?.Port ?? -1;

    public async Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _inner.ClientHandler = channel => GuardAsync(channel.RemoteEndPoint, _ => Task.FromResult<IMqttChannelAdapter?>(channel), () => CloseAsync(channel));
        await _inner.StartAsync(options, logger);
        if (_tls is null) return;
        _tlsListener = new TlsListener(_tls, options, logger, GuardAsync);
        _tlsListener.Start();
    }

    public async Task StopAsync()
    {
        _tlsListener?.Dispose();
        await _inner.StopAsync();
    }

    public void Dispose()
    {
        _tlsListener?.Dispose();
        _inner.Dispose();
    }

    /// <summary>The CONNECT of the connection from <paramref name="remote"/> has arrived: its deadline no longer applies.</summary>
    public void Handshaken(EndPoint? remote)
    {
        if (remote is not null && _pending.TryRemove(remote, out var pending) && pending.TryFinish()) EndHandshake();
    }

    /// <summary>
    /// Admits a connection from <paramref name="remote"/> or refuses it (<paramref name="refuse"/> closes it); an admitted
    /// one is opened by <paramref name="open"/> (nothing for a plain connection, the TLS handshake for a TLS one), whose
    /// token is cancelled at the deadline, and then served by MQTTnet until it ends. The deadline closes it if its CONNECT
    /// has not arrived by then, whether it is still in its TLS handshake or already in MQTT.
    /// </summary>
    private async Task GuardAsync(EndPoint? remote, Func<CancellationToken, Task<IMqttChannelAdapter?>> open, Func<Task> refuse)
    {
        var address = remote is IPEndPoint ip ? Normalise(ip.Address) : IPAddress.None;
        GuardRefusal? refusal;
        lock (_gate)
        {
            refusal = Admit(address);
            if (refusal is null)
            {
                _open++;
                _handshaking++;
                _perAddress[address] = _perAddress.GetValueOrDefault(address) + 1;
            }
        }
        if (refusal is { } why)
        {
            Refused(why, address);
            await refuse();
            return;
        }
        using var pending = new PendingConnection();
        if (remote is not null) _pending[remote] = pending;
        using var deadline = _time.CreateTimer(_ => Expire(pending, address), null, _limits.ConnectDeadline, Timeout.InfiniteTimeSpan);
        // Published only now that the deadline runs: whoever sees this connection counted also sees it timed.
        lock (_gate) _counters.SetOpen(_open, _handshaking);
        try
        {
            if (await open(pending.Expired) is not { } channel) return;
            // Registered after the handshake: a deadline that passed during it closes the channel here, at once.
            using var close = pending.Expired.Register(() => _ = CloseAsync(channel));
            if (ClientHandler is { } handler) await handler(channel);
        }
        finally
        {
            if (remote is not null) _pending.TryRemove(new KeyValuePair<EndPoint, PendingConnection>(remote, pending));
            if (pending.TryFinish()) EndHandshake();
            lock (_gate)
            {
                _open--;
                if (_perAddress[address] == 1) _perAddress.Remove(address);
                else _perAddress[address]--;
                _counters.SetOpen(_open, _handshaking);
            }
        }
    }

    private GuardRefusal? Admit(IPAddress address)
    {
        if (_open >= _limits.MaxConnections) return GuardRefusal.Total;
        if (_handshaking >= _limits.MaxHandshakes) return GuardRefusal.Handshakes;
        if (!_exempt.Contains(address) && _perAddress.GetValueOrDefault(address) >= _limits.MaxPerAddress) return GuardRefusal.PerAddress;
        return null;
    }

    private void EndHandshake()
    {
        lock (_gate)
        {
            _handshaking--;
            _counters.SetOpen(_open, _handshaking);
        }
    }

    private void Expire(PendingConnection pending, IPAddress address)
    {
        if (!pending.TryFinish()) return;
        EndHandshake();
        Refused(GuardRefusal.ConnectDeadline, address);
        pending.Expire();
    }

    private void Refused(GuardRefusal why, IPAddress address)
    {
        _counters.Count(why);
        Interlocked.Increment(ref _refusedSinceLog);
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastLogTicks);
        if (last != 0 && _time.GetElapsedTime(last, now) < LogInterval) return;
        if (Interlocked.CompareExchange(ref _lastLogTicks, now, last) != last) return;
        var refused = Interlocked.Exchange(ref _refusedSinceLog, 0);
        // One line per interval: a flood must not turn into a flood of log lines.
        _log.LogWarning("Device broker closed {Refused} connection(s) in the last {Seconds} s (latest: {Reason} from {Address}); totals: {Totals}",
            refused, (int)LogInterval.TotalSeconds, why, address, _counters.Describe());
    }

    private static async Task CloseAsync(IMqttChannelAdapter channel)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await channel.DisconnectAsync(timeout.Token);
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException or IOException or System.Net.Sockets.SocketException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // Already closed by the other side or by MQTTnet: nothing is held.
        }
    }

    private static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>
    /// A connection waiting for its CONNECT; finished once, by the CONNECT, the deadline or the end of the connection.
    /// The deadline cancels <see cref="Expired"/>, which ends a TLS handshake in progress or closes the MQTT channel.
    /// </summary>
    private sealed class PendingConnection : IDisposable
    {
        private readonly CancellationTokenSource _expired = new();
        private int _finished;

        public CancellationToken Expired => _expired.Token;

        public bool TryFinish() => Interlocked.Exchange(ref _finished, 1) == 0;

        public void Expire()
        {
            try
            {
                _expired.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The connection ended while its deadline fired: nothing is left to close.
            }
        }

        public void Dispose() => _expired.Dispose();
    }
}
