namespace Kiosk.Mesh.Peers;

/// <summary>A configured peer: a name for people, and where its gateway's peer listener is (<c>mqtts://HOST:PORT</c>).</summary>
public sealed record PeerEntry(string Name, Uri Url);
