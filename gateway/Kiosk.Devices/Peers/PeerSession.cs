using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Kiosk.Devices.Peers;

/// <summary>
/// One connected peer as the broker sees it: its client id, the identity the hook gave it, and a way to send it messages
/// straight into its MQTT session (never through the broker's fan-out, so no other client sees them).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer or wait handle: it holds nothing to free, and its token must stay readable after the connection ends.")]
public sealed class PeerSession
{
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource<MqttSessionStatus> _session = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<PeerSession, string, Task> _disconnect;
    private long _bytesSent;
    private long _bytesReceived;

    internal PeerSession(string clientId, object identity, Func<PeerSession, string, Task> disconnect)
    {
        ClientId = clientId;
        Identity = identity;
        _disconnect = disconnect;
    }

    /// <summary>The MQTT client id.</summary>
    public string ClientId { get; }

    /// <summary>What <see cref="IPeerClients.Authenticate"/> accepted the peer as.</summary>
    public object Identity { get; }

    /// <summary>Cancelled when the connection ends.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Payload and topic bytes sent to the peer.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Payload and topic bytes received from the peer.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    internal void Attach(MqttSessionStatus session) => _session.TrySetResult(session);

    internal void CountReceived(long bytes) => Interlocked.Add(ref _bytesReceived, bytes);

    internal void Close()
    {
        _session.TrySetCanceled();
        try { _closed.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>
    /// Sends a message (QoS 1) into the peer's session and completes once the broker has written it to the connection,
    /// so a sender that awaits each message is held back by the network. Fails with <see cref="OperationCanceledException"/>
    /// once the connection has ended.
    /// </summary>
    public async Task SendAsync(string topic, ReadOnlyMemory<byte> payload, bool retain = false)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var session = await _session.Task.WaitAsync(Closed).ConfigureAwait(false);
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        Interlocked.Add(ref _bytesSent, payload.Length + topic.Length);
        try
        {
            await session.DeliverApplicationMessageAsync(message).WaitAsync(Closed).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            throw new OperationCanceledException("the peer's session has ended", Closed);
        }
    }

    /// <summary>Ends the peer's connection (the hook's <see cref="IPeerClients.Disconnected"/> follows).</summary>
    public Task DisconnectAsync(string reason) => _disconnect(this, reason);
}
