namespace Kiosk.Gateway.Host;

/// <summary>The ports the two surfaces got (read back from Kestrel once it listens, so port 0 works).</summary>
public sealed class SurfacePorts
{
    private volatile int[] _ports = [-1, -1];

    /// <summary>Records the ports.</summary>
    public void Set(int resident, int console) => _ports = [resident, console];

    /// <summary>The surface listening on <paramref name="localPort"/>, or null before start.</summary>
    public Surface? SurfaceOf(int localPort)
    {
        var ports = _ports;
        if (localPort == ports[0]) return Surface.Resident;
        if (localPort == ports[1]) return Surface.Console;
        return null;
    }
}
