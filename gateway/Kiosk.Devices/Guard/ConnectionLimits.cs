using System.Net;

namespace Kiosk.Devices.Guard;

/// <summary>
/// How many connections the device broker holds, and for how long before it knows who they are. Every accepted TCP
/// connection must send its MQTT CONNECT within <see cref="ConnectDeadline"/>; a connection over any cap is closed at
/// once, before MQTT reads a byte of it. The defaults are sized for a Raspberry Pi: one MQTTnet connection costs about
/// 40 KB, so <see cref="MaxConnections"/> holds the broker under about 80 MB of connection state.
/// </summary>
public sealed class ConnectionLimits
{
    /// <summary>The default time a new connection has to send CONNECT (a button on Wi-Fi sends it within milliseconds).</summary>
    public static readonly TimeSpan DefaultConnectDeadline = TimeSpan.FromSeconds(5);

    /// <summary>Time from the TCP accept to the CONNECT packet; a connection still silent then is closed.</summary>
    public TimeSpan ConnectDeadline { get; init; } = DefaultConnectDeadline;

    /// <summary>Open connections one source address may hold (a button holds one, a peer gateway one or two).</summary>
    public int MaxPerAddress { get; init; } = 8;

    /// <summary>Connections accepted whose CONNECT has not arrived yet, from all addresses together.</summary>
    public int MaxHandshakes { get; init; } = 128;

    /// <summary>Open connections in total.</summary>
    public int MaxConnections { get; init; } = 2_000;

    /// <summary>
    /// Addresses the per-address limit does not apply to (the totals still do): by default the gateway's own machine
    /// (127.0.0.1 and ::1), where the demo and the simulator run many buttons from one address. Other loopback
    /// addresses (127.0.0.2, …) count as other hosts.
    /// </summary>
    public IReadOnlyList<IPAddress> ExemptAddresses { get; init; } = [IPAddress.Loopback, IPAddress.IPv6Loopback];
}
