using Kiosk.Devices.Peers;

namespace Kiosk.Mesh.Links;

/// <summary>A link's connection when the peer dialled this gateway: messages go straight into its broker session.</summary>
internal sealed class AcceptedTransport(PeerSession session, string remote) : ILinkTransport
{
    public string Remote { get; } = remote;

    public Task SendAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken) =>
        session.SendAsync(topic, payload, retain).WaitAsync(cancellationToken);

    public Task CloseAsync(string reason) => session.DisconnectAsync(reason);
}
