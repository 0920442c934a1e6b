using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kiosk.Devices;

/// <summary>Where and how the gateway's device broker listens.</summary>
public sealed class DeviceBrokerOptions
{
    /// <summary>The plain MQTT listener's address (loopback by default: open it to the LAN deliberately).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The plain listener's port; 0 picks a free one (tests, demo); negative runs no plain listener (a broker for peers only).</summary>
    public int Port { get; init; } = 1883;

    /// <summary>A certificate with private key: when set, a TLS listener runs on <see cref="TlsPort"/> too.</summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>The TLS listener's port.</summary>
    public int TlsPort { get; init; } = 8883;

    /// <summary>The TLS listener for gateway peers and the hook that serves them (Kiosk.Mesh); null serves no peers.</summary>
    public Peers.PeerListenerOptions? Peers { get; init; }

    /// <summary>The caps on connections and the CONNECT deadline (defaults sized for a Raspberry Pi).</summary>
    public Guard.ConnectionLimits Limits { get; init; } = new();

    /// <summary>The clock of the CONNECT deadline.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Largest payload a device may publish.</summary>
    public int MaxPayloadBytes { get; init; } = DeviceProtocol.MaxPayloadBytes;
}
