namespace Kiosk.Devices.Guard;

/// <summary>Why the listener guard closed a connection before MQTT saw it, or while its CONNECT was late.</summary>
public enum GuardRefusal
{
    /// <summary>The source address already holds <see cref="ConnectionLimits.MaxPerAddress"/> connections.</summary>
    PerAddress,

    /// <summary><see cref="ConnectionLimits.MaxHandshakes"/> connections are already waiting for their CONNECT.</summary>
    Handshakes,

    /// <summary>The broker already holds <see cref="ConnectionLimits.MaxConnections"/> connections.</summary>
    Total,

    /// <summary>No CONNECT within <see cref="ConnectionLimits.ConnectDeadline"/>.</summary>
    ConnectDeadline,
}
