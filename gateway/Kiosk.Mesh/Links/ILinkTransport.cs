namespace Kiosk.Mesh.Links;

/// <summary>
/// One peer connection as a link uses it, whichever side dialled: send a message to the peer (QoS 1; completes once
/// written or acknowledged, so an awaiting sender is held back by the network), and close. Received messages are
/// handed to the link by whoever owns the connection.
/// </summary>
internal interface ILinkTransport
{
    /// <summary>Where the peer is, for logs.</summary>
    string Remote { get; }

    /// <summary>Sends a message to the peer.</summary>
    Task SendAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken);

    /// <summary>Ends the connection.</summary>
    Task CloseAsync(string reason);
}
