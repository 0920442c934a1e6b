namespace Kiosk.Mesh.Links;

/// <summary>A link's side of a shared broker connection: sends go through the <see cref="BrokerSession"/>; closing the link leaves the connection up.</summary>
internal sealed class BrokerTransport(BrokerSession session, Kiosk.Ledger.Bytes32 peer) : ILinkTransport
{
    public string Remote => session.Remote;

    public Task SendAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken) =>
        session.SendAsync(peer, topic, payload, retain, cancellationToken);

    public Task CloseAsync(string reason)
    {
        session.Forget(peer);
        return Task.CompletedTask;
    }
}
