using System.Net;
using System.Net.Sockets;

namespace Kiosk.Devices;

/// <summary>Finds a free TCP port on an address (MQTTnet binds a given port; it cannot report an OS-chosen one).</summary>
public static class FreePort
{
    /// <summary>A port free on <paramref name="address"/> right now.</summary>
    public static int On(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
