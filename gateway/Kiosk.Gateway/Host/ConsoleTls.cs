namespace Kiosk.Gateway.Host;

/// <summary>When the console is served over HTTPS (<c>--console-tls</c>).</summary>
public enum ConsoleTls
{
    /// <summary>HTTPS whenever the console listens on anything but loopback; plain HTTP on 127.0.0.1 or ::1 only.</summary>
    Auto,

    /// <summary>HTTPS always, loopback too (a reverse tunnel, or a test of the HTTPS console on 127.0.0.1).</summary>
    On,
}
