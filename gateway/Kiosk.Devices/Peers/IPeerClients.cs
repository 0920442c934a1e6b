using System.Buffers;

namespace Kiosk.Devices.Peers;

/// <summary>
/// The second class of broker clients besides devices: other gateways (peers), which another part (Kiosk.Mesh)
/// authenticates, confines and serves. The broker hands every connection that arrives on its peer TLS listener to this
/// hook and keeps nothing of the peers' traffic itself: a peer's publishes go only to the hook, never to other clients,
/// and a device never reaches the hook. Calls for one session come in order: <see cref="Authenticate"/>, then
/// <see cref="ConnectedAsync"/>, then publishes and subscriptions, then <see cref="Disconnected"/>.
/// </summary>
public interface IPeerClients
{
    /// <summary>Decides on a CONNECT from the peer listener: accept it with an identity, or refuse it with a reason.</summary>
    PeerVerdict Authenticate(PeerConnectRequest request);

    /// <summary>The accepted peer's session is ready: messages may be sent to it through <paramref name="session"/>.</summary>
    Task ConnectedAsync(PeerSession session);

    /// <summary>
    /// A publish from the peer. Returns null when taken (the hook now owns a copy), or the reason it is refused (the
    /// broker logs and counts it). Awaiting here holds the peer's further packets back (TCP back-pressure).
    /// </summary>
    ValueTask<string?> PublishedAsync(PeerSession session, string topic, ReadOnlySequence<byte> payload);

    /// <summary>Null when the peer may subscribe to <paramref name="topicFilter"/>, else the reason it may not.</summary>
    string? RefuseSubscription(PeerSession session, string topicFilter);

    /// <summary>The peer's connection ended (it left, was dropped, or the broker stops).</summary>
    void Disconnected(PeerSession session);
}
