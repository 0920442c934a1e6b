using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// A hostile client's view of a listener guard in plain TCP: connect from a chosen loopback address (127.0.0.2, …, so
/// that each test host counts as another machine), and learn whether the server closes the connection within a deadline.
/// Shared by the peer port's tests here and the device broker's in Kiosk.Devices.Tests (linked there).
/// </summary>
public static class RawTcp
{
    /// <summary>How long one wait for readability lasts before the deadline is looked at again.</summary>
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(50);

    /// <summary>A TCP connection to 127.0.0.1:<paramref name="port"/> from <paramref name="source"/> (a loopback address) on a free port.</summary>
    public static async Task<TcpClient> ConnectFromAsync(string source, int port)
    {
        var client = new TcpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True when a connection from <paramref name="source"/> is closed by the server within <paramref name="within"/>, or
    /// fails to complete (the close can race the handshake).
    /// </summary>
    public static async Task<bool> RefusedAsync(string source, int port, TimeSpan within)
    {
        TcpClient client;
        try { client = await ConnectFromAsync(source, port); }
        catch (SocketException) { return true; }
        using (client) return await ClosedWithinAsync(client, within);
    }

    /// <summary>True when the server closes the connection (a read sees the end or a reset) within <paramref name="within"/>.</summary>
    public static async Task<bool> ClosedWithinAsync(TcpClient client, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(client);
        // Socket.Poll rather than a cancelled read: cancelling a read may abort the socket, and the test reads again later.
        var socket = client.Client;
        var clock = Stopwatch.StartNew();
        var buffer = new byte[256];
        while (clock.Elapsed < within)
        {
            try
            {
                if (socket.Poll(PollSlice, SelectMode.SelectRead))
                {
                    if (socket.Available == 0) return true; // readable with nothing to read: the end of the stream
                    _ = socket.Receive(buffer); // bytes before the close (a refusal CONNACK, a TLS alert) are read past
                }
            }
            catch (SocketException) { return true; } // reset
            await Task.Yield();
        }
        return false;
    }
}
