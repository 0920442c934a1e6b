using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kiosk.Devices.Guard;

/// <summary>
/// A TLS listener the guard runs itself (not MQTTnet), so that the TLS handshake falls under the same caps and
/// deadline as the MQTT CONNECT: where it listens, the server's certificate, and whether a client must present one.
/// </summary>
/// <param name="Address">The address to listen on (one address; no dual-stack wildcard).</param>
/// <param name="Port">The port; 0 lets the system pick a free one (read back from <see cref="ListenerGuard.TlsPort"/>).</param>
/// <param name="Certificate">The server's certificate, with its private key.</param>
/// <param name="RequireClientCertificate">
/// True for the peer port: a client must present a certificate, any certificate (a peer is trusted by the statement it
/// signs over both certificates' hashes, checked after CONNECT, not by a certificate authority).
/// </param>
internal sealed record TlsEndpoint(IPAddress Address, int Port, X509Certificate2 Certificate, bool RequireClientCertificate);
