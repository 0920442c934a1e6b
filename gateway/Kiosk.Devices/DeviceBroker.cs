using Kiosk.Voting.Ballots;
using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Kiosk.Devices.Peers;
using Kiosk.Devices.Guard;

namespace Kiosk.Devices;

/// <summary>
/// The gateway's MQTT broker for its devices (MQTTnet server, in process). Every client authenticates as a registered
/// device with its secret (no anonymous access); the ACL lets a device publish only on its own device topics and
/// subscribe only to those and the current ballot; payloads are size-limited. Presses go to <see cref="DevicePresses"/>
/// and the ack is published after the durable commit; <c>ballot/current</c> is retained.
/// <para>
/// With <see cref="DeviceBrokerOptions.Peers"/> set, the broker also listens on a TLS port for other gateways: every
/// connection there must present a client certificate and is handed to the <see cref="IPeerClients"/> hook, which
/// authenticates it and takes its messages. Devices never reach the hook; peers never reach device topics.
/// </para>
/// </summary>
public sealed class DeviceBroker : IAsyncDisposable
{
    /// <summary>The client id the gateway's own messages carry; no device may take it.</summary>
    public const string GatewayClientId = "kiosk-gateway";

    private readonly DeviceBrokerOptions _options;
    private readonly DeviceRegistry _registry;
    private readonly DevicePresses _presses;
    private readonly DeviceTopics _topics;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private MqttServer? _server;
    private ListenerGuard? _guard;
    private int _inFlight;
    private volatile bool _stopRequested;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A broker for the devices in <paramref name="registry"/>, handing presses to <paramref name="presses"/>.</summary>
    public DeviceBroker(DeviceBrokerOptions options, DeviceRegistry registry, DevicePresses presses, DeviceTopics topics, ILogger log)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _presses = presses ?? throw new ArgumentNullException(nameof(presses));
        _topics = topics ?? throw new ArgumentNullException(nameof(topics));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>The plain listener's port (known after start; -1 when it does not run).</summary>
    public int Port { get; private set; }

    /// <summary>The peer TLS listener's port (known after start; -1 when it does not run).</summary>
    public int PeerPort { get; private set; } = -1;

    /// <summary><c>mqtt://address:port</c> of the plain listener.</summary>
    public Uri Uri => new($"mqtt://{_options.Address}:{Port}");

    /// <summary>The counters.</summary>
    public DeviceBrokerMetrics Metrics => _presses.Metrics;

    /// <summary>What the listener guard holds and has refused.</summary>
    public GuardCounters Connections { get; } = new();

    /// <summary>Starts listening.</summary>
    public async Task StartAsync()
    {
        Port = _options.Port < 0 ? -1 : _options.Port == 0 ? FreePort.On(_options.Address) : _options.Port;
        // A deep accept queue: with MQTTnet's default of 10, a burst of connections overflows it and the kernel drops the
        // handshakes of real buttons too; the guard (below) closes what is over the caps right after the accept.
        var builder = new MqttServerOptionsBuilder().WithMaxPendingMessagesPerClient(1000).WithConnectionBacklog(1024);
        // One address only: MQTTnet otherwise adds a listener on [::] beside the IPv4 address it is given, which would
        // open a broker meant for 127.0.0.1 to the whole network over IPv6.
        var v6 = _options.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        builder = Port < 0 ? builder.WithoutDefaultEndpoint()
            : builder.WithDefaultEndpoint().WithDefaultEndpointPort(Port)
                .WithDefaultEndpointBoundIPAddress(v6 ? System.Net.IPAddress.None : _options.Address)
                .WithDefaultEndpointBoundIPV6Address(v6 ? _options.Address : System.Net.IPAddress.None);
        // The TLS listener (the peers' when they are served, else the devices' if it has a certificate) is the guard's
        // own, not MQTTnet's: MQTTnet would do the TLS handshake before the guard sees the connection, with no deadline.
        TlsEndpoint? tls = null;
        if (_options.Peers is { } peers)
        {
            if (_options.TlsCertificate is not null) throw new InvalidOperationException("the broker's TLS listener serves either devices (TlsCertificate) or peers, not both");
            // Every client certificate is let through the handshake: a peer is trusted by the statement it signs over both
            // certificates' hashes (checked by the hook), not by a certificate authority.
            tls = new TlsEndpoint(peers.Address, peers.Port, peers.Certificate, RequireClientCertificate: true);
        }
        else if (_options.TlsCertificate is { } certificate)
        {
            tls = new TlsEndpoint(_options.Address, _options.TlsPort, certificate, RequireClientCertificate: false);
        }
        // Every listener goes through the guard: caps per address, on handshakes and in total, and a CONNECT deadline.
        _guard = new ListenerGuard(_options.Limits, _options.Time, Connections, _log, tls);
        _server = new MqttServerFactory().CreateMqttServer(builder.Build(), [_guard]);
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.ClientConnectedAsync += e =>
        {
            if (e.SessionItems["peer"] is PeerSession peer) _ = PeerConnectedAsync(peer);
            Interlocked.Increment(ref _ackSessionsGeneration);
            _ackSessions.TryRemove(e.ClientId, out _); // a new connection may carry a new session
            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += e =>
        {
            if (e.SessionItems["peer"] is PeerSession peer)
            {
                peer.Close();
                _options.Peers!.Clients.Disconnected(peer);
            }
            _subscribed.TryRemove(e.ClientId, out _);
            Interlocked.Increment(ref _ackSessionsGeneration);
            _ackSessions.TryRemove(e.ClientId, out _);
            return Task.CompletedTask;
        };
        await _server.StartAsync();
        if (_options.Peers is not null) PeerPort = _guard.TlsPort;
        _log.LogInformation("Device broker listening on {Uri}{Tls}{Peers}", Port < 0 ? "(no plain listener)" : Uri,
            _options.TlsCertificate is null ? "" : $" and mqtts://{_options.Address}:{_guard.TlsPort}",
            _options.Peers is { } p ? $"; peers on mqtts://{p.Address}:{PeerPort}" : "");
    }

    /// <summary>Hands a newly connected peer its session, then tells the hook (off the broker's connection path, which must not wait on the hook).</summary>
    private async Task PeerConnectedAsync(PeerSession peer)
    {
        try
        {
            if (_server is null) return;
            var session = (await _server.GetSessionsAsync()).FirstOrDefault(s => ReferenceEquals(s.Items["peer"], peer));
            if (session is null) return; // gone already
            peer.Attach(session);
            await _options.Peers!.Clients.ConnectedAsync(peer);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            _log.LogDebug("Peer {ClientId} left while connecting: {Message}", peer.ClientId, e.Message);
        }
    }

    private async Task DisconnectPeerAsync(PeerSession peer, string reason)
    {
        if (_server is null) return;
        try
        {
            foreach (var client in await _server.GetClientsAsync())
            {
                if (!ReferenceEquals(client.Session.Items["peer"], peer)) continue;
                _log.LogInformation("Peer {ClientId} disconnected by this gateway: {Reason}", peer.ClientId, reason);
                await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.AdministrativeAction });
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            // Already gone or stopping.
        }
    }

    /// <summary>Publishes the retained current ballot.</summary>
    public Task PublishCurrentBallotAsync(CurrentBallot ballot) =>
        InjectAsync(_topics.CurrentBallot, DeviceProtocol.EncodeCurrentBallot(ballot), retain: true);

    /// <summary>Disconnects a device's clients (revocation, tests of dropped connections).</summary>
    public async Task DisconnectDeviceAsync(string device)
    {
        if (_server is null) return;
        foreach (var client in await _server.GetClientsAsync())
            if (string.Equals(client.Session.Items["device"] as string, device, StringComparison.Ordinal))
                await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.AdministrativeAction });
    }

    /// <summary>Completes when client <paramref name="clientId"/> has made an allowed subscription (tests and tools wait on it).</summary>
    public Task WhenSubscribedAsync(string clientId) =>
        _subscribed.GetOrAdd(clientId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _subscribed = new(StringComparer.Ordinal);

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs args)
    {
        _guard?.Handshaken(args.RemoteEndPoint);
        if (_options.Peers is { } peers && args.IsSecureConnection) return ValidatePeer(args, peers.Clients);
        var device = args.UserName;
        if (string.IsNullOrEmpty(device))
            return RefuseConnection(args, MqttConnectReasonCode.BadUserNameOrPassword, "anonymous client refused");
        if (args.ClientId == GatewayClientId)
            return RefuseConnection(args, MqttConnectReasonCode.ClientIdentifierNotValid, $"client id {GatewayClientId} is the gateway's own");
        if (!_registry.TryGetSecret(device, out var secret))
            return RefuseConnection(args, MqttConnectReasonCode.BadUserNameOrPassword, $"unknown device {device}");
        var given = args.Password is { Length: DeviceProtocol.SecretBytes * 2 } text ? TryHex(text) : null;
        if (given is null || !CryptographicOperations.FixedTimeEquals(given, secret))
            return RefuseConnection(args, MqttConnectReasonCode.BadUserNameOrPassword, $"wrong secret for device {device}");
        args.SessionItems["device"] = device;
        args.ReasonCode = MqttConnectReasonCode.Success;
        Metrics.CountAcceptedConnection();
        return Task.CompletedTask;
    }

    private Task ValidatePeer(ValidatingConnectionEventArgs args, IPeerClients clients)
    {
        // The hook logs and counts its own refusals, with the detail only it knows.
        var verdict = clients.Authenticate(new PeerConnectRequest(args.ClientId, args.UserName, args.RawPassword, args.ClientCertificate, args.RemoteEndPoint));
        if (!verdict.IsAccepted)
        {
            args.ReasonCode = verdict.Refusal switch
            {
                PeerRefusal.NotAuthorized => MqttConnectReasonCode.NotAuthorized,
                PeerRefusal.Unavailable => MqttConnectReasonCode.ServerUnavailable,
                _ => MqttConnectReasonCode.BadUserNameOrPassword,
            };
            return Task.CompletedTask;
        }
        args.SessionItems["peer"] = new PeerSession(args.ClientId, verdict.Identity!, DisconnectPeerAsync);
        args.ReasonCode = MqttConnectReasonCode.Success;
        return Task.CompletedTask;
    }

    private Task RefuseConnection(ValidatingConnectionEventArgs args, MqttConnectReasonCode code, string why)
    {
        args.ReasonCode = code;
        Metrics.CountRefusedConnection();
        _log.LogWarning("Connection refused: client {ClientId} from {Endpoint}: {Why}", args.ClientId, args.RemoteEndPoint, why);
        return Task.CompletedTask;
    }

    private Task InterceptPublishAsync(InterceptingPublishEventArgs args)
    {
        if (args.ClientId == GatewayClientId && args.SessionItems is null or { Count: 0 }) return Task.CompletedTask; // our own injected message
        if (args.SessionItems?["peer"] is PeerSession peer) return InterceptPeerPublishAsync(args, peer);
        var device = args.SessionItems?["device"] as string;
        var topic = args.ApplicationMessage.Topic;
        if (device is null || topic != _topics.Vote(device))
            return RefusePublish(args, MqttPubAckReasonCode.NotAuthorized, $"client {args.ClientId} (device {device ?? "none"}) may not publish on {topic}");
        var payload = args.ApplicationMessage.Payload;
        if (payload.Length > _options.MaxPayloadBytes)
        {
            // The PUBACK refuses it (MQTT 5) and the ack topic says why, as docs/device-protocol.md promises: a 3.1.1
            // button only ever sees the ack.
            _ = SendAckAsync(args.ClientId, device, DeviceProtocol.EncodeAck(_presses.Oversized(device, payload.Length)));
            return RefusePublish(args, MqttPubAckReasonCode.PayloadFormatInvalid, $"device {device} sent {payload.Length} bytes (limit {_options.MaxPayloadBytes})");
        }
        // Presses are for the gateway only: not relayed to subscribers. The PUBACK says "received"; the ack topic says "counted".
        args.ProcessPublish = false;
        var copy = new ReadOnlySequence<byte>(payload.ToArray());
        Interlocked.Increment(ref _inFlight);
        _ = HandlePressAsync(args.ClientId, device, copy);
        return Task.CompletedTask;
    }

    private async Task InterceptPeerPublishAsync(InterceptingPublishEventArgs args, PeerSession peer)
    {
        // Whatever a peer publishes is for this gateway alone: never relayed to another client.
        args.ProcessPublish = false;
        var payload = args.ApplicationMessage.Payload;
        peer.CountReceived(payload.Length + args.ApplicationMessage.Topic.Length);
        var refused = await _options.Peers!.Clients.PublishedAsync(peer, args.ApplicationMessage.Topic, payload);
        if (refused is not null) args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
    }

    private async Task HandlePressAsync(string clientId, string device, ReadOnlySequence<byte> payload)
    {
        try
        {
            if (await _presses.HandleAsync(device, payload, _stopping.Token) is { } ack)
                await SendAckAsync(clientId, device, DeviceProtocol.EncodeAck(ack));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: no ack, so the device retries against the next run (nothing acked is lost).
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.LogError(e, "Press from device {Device} failed; no ack sent, the device will retry", device);
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && _stopRequested) _drained.TrySetResult();
        }
    }

    private Task RefusePublish(InterceptingPublishEventArgs args, MqttPubAckReasonCode code, string why)
    {
        args.ProcessPublish = false;
        args.Response.ReasonCode = code;
        Metrics.CountRefusedPublish();
        _log.LogWarning("Publish refused: {Why}", why);
        return Task.CompletedTask;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        if (args.SessionItems?["peer"] is PeerSession peer)
        {
            if (_options.Peers!.Clients.RefuseSubscription(peer, args.TopicFilter.Topic) is { } why)
            {
                args.ProcessSubscription = false;
                args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
                _log.LogWarning("Subscription refused: peer {ClientId} may not subscribe to {Filter}: {Why}", args.ClientId, args.TopicFilter.Topic, why);
            }
            return Task.CompletedTask;
        }
        var device = args.SessionItems?["device"] as string;
        var filter = args.TopicFilter.Topic;
        var allowed = device is not null && (filter == _topics.CurrentBallot || filter == _topics.Ack(device) || filter == _topics.DevicePrefix(device) + "#");
        if (allowed)
        {
            _subscribed.GetOrAdd(args.ClientId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return Task.CompletedTask;
        }
        args.ProcessSubscription = false;
        args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        Metrics.CountRefusedSubscription();
        _log.LogWarning("Subscription refused: client {ClientId} (device {Device}) may not subscribe to {Filter}", args.ClientId, device ?? "none", filter);
        return Task.CompletedTask;
    }

    // The sessions acks are delivered to, by client id: filled from the server's session list when an ack finds none
    // (one scan for every client connected by then), dropped when the client connects or disconnects.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, MqttSessionStatus> _ackSessions = new(StringComparer.Ordinal);
    private int _ackSessionsRefreshing;
    private int _ackSessionsGeneration;

    /// <summary>
    /// Sends an ack to the client that pressed, straight into its session's queue (QoS 1, not retained). Injecting it
    /// instead makes MQTTnet match the topic against every connected session's subscriptions, a cost per ack that grows
    /// with the number of buttons (measured: it took the 1,000-button closed loop from ≈ 4,600 to ≈ 3,100 acks/s). Falls
    /// back to injection while the session is not known yet or its queue refuses the message.
    /// </summary>
    private Task SendAckAsync(string clientId, string device, byte[] payload)
    {
        var topic = _topics.Ack(device);
        if (_server is not null && _ackSessions.TryGetValue(clientId, out var session))
        {
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            try
            {
                if (session.TryEnqueueApplicationMessage(message, out _)) return Task.CompletedTask;
            }
            catch (ObjectDisposedException)
            {
                // The session ended after it was looked up: forget it and inject as before.
            }
            _ackSessions.TryRemove(new KeyValuePair<string, MqttSessionStatus>(clientId, session));
        }
        else
        {
            _ = RefreshAckSessionsAsync();
        }
        return InjectAsync(topic, payload, retain: false);
    }

    private async Task RefreshAckSessionsAsync()
    {
        if (_server is not { } server || Interlocked.Exchange(ref _ackSessionsRefreshing, 1) == 1) return;
        try
        {
            // A client that connected or left while the list was read may have a session the list does not show yet,
            // or one that ended: then the list is dropped, and the next ack that finds no session reads it again.
            var generation = Volatile.Read(ref _ackSessionsGeneration);
            var sessions = await server.GetSessionsAsync();
            if (generation != Volatile.Read(ref _ackSessionsGeneration)) return;
            var added = new List<MqttSessionStatus>(sessions.Count);
            foreach (var session in sessions)
                if (session.Items["device"] is string && _ackSessions.TryAdd(session.Id, session)) added.Add(session);
            if (generation != Volatile.Read(ref _ackSessionsGeneration))
                foreach (var session in added) _ackSessions.TryRemove(new KeyValuePair<string, MqttSessionStatus>(session.Id, session));
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            // Stopping: injection still works for what is left.
        }
        finally
        {
            Volatile.Write(ref _ackSessionsRefreshing, 0);
        }
    }

    private Task InjectAsync(string topic, byte[] payload, bool retain)
    {
        if (_server is null) return Task.CompletedTask;
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        return _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = GatewayClientId });
    }

    private static byte[]? TryHex(string text)
    {
        try { return Convert.FromHexString(text); }
        catch (FormatException) { return null; }
    }

    /// <summary>Stops listening after the presses in flight have answered (or a short deadline passed).</summary>
    public async Task StopAsync()
    {
        if (_server is null) return;
        _stopRequested = true;
        if (Volatile.Read(ref _inFlight) == 0) _drained.TrySetResult();
        await Task.WhenAny(_drained.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        await _stopping.CancelAsync();
        await _server.StopAsync(new MqttServerStopOptions());
        _server.Dispose();
        _server = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }
}
