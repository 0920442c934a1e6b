using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kiosk.Devices.Peers;

/// <summary>The broker's TLS listener for gateway peers: where it listens, the gateway's own certificate, and the hook that serves peers.</summary>
public sealed class PeerListenerOptions
{
    /// <summary>The listener's address.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The listener's port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>This gateway's certificate, with its private key (self-signed; peers trust it through a signed statement, not a CA).</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>Who authenticates and serves the peers.</summary>
    public required IPeerClients Clients { get; init; }
}
