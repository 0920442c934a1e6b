using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kiosk.Devices.Peers;

/// <summary>What a peer's CONNECT carries, and the TLS client certificate its connection presented.</summary>
/// <param name="ClientId">The MQTT client id.</param>
/// <param name="UserName">The MQTT user name (null when absent).</param>
/// <param name="Password">The MQTT password bytes (null when absent).</param>
/// <param name="ClientCertificate">The certificate the client presented in the TLS handshake (null when none).</param>
/// <param name="RemoteEndPoint">Where the connection came from (for logs).</param>
public sealed record PeerConnectRequest(string ClientId, string? UserName, byte[]? Password, X509Certificate2? ClientCertificate, EndPoint? RemoteEndPoint);
