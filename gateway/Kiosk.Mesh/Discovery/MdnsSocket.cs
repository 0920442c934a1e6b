using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Makaretu.Dns;

namespace Kiosk.Mesh.Discovery;

/// <summary>
/// Multicast DNS on the wire (RFC 6762): one UDP socket on port 5353, shared with other mDNS responders on the machine
/// (address reuse), a member of 224.0.0.251 on each chosen interface; a message sent goes out on every one of them.
/// IPv4 only. Received messages that are not DNS are dropped.
/// </summary>
internal sealed class MdnsSocket : IDisposable
{
    public const int Port = 5353;

    public static readonly IPAddress Group = IPAddress.Parse("224.0.0.251");

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IReadOnlyList<(int Index, IPAddress Address)> _interfaces;

    /// <summary>Opens the socket on <paramref name="interfaces"/> (each with its index and an IPv4 address).</summary>
    public MdnsSocket(IReadOnlyList<(int Index, IPAddress Address)> interfaces)
    {
        _interfaces = interfaces;
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(new IPEndPoint(IPAddress.Any, Port));
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            foreach (var (index, _) in interfaces)
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group, index));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>The interfaces discovery can use: up, multicast-capable, not loopback, with an IPv4 address (all of them, or those holding <paramref name="only"/>).</summary>
    public static IReadOnlyList<(int Index, IPAddress Address)> Usable(IPAddress? only)
    {
        var found = new List<(int, IPAddress)>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || !nic.SupportsMulticast || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback) continue;
            var properties = nic.GetIPProperties();
            var v4 = properties.GetIPv4Properties();
            var address = properties.UnicastAddresses.Select(u => u.Address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && (only is null || a.Equals(only)));
            if (v4 is not null && address is not null) found.Add((v4.Index, address));
        }
        return found;
    }

    /// <summary>The IPv4 addresses of the interfaces in use.</summary>
    public IEnumerable<IPAddress> Addresses => _interfaces.Select(i => i.Address);

    /// <summary>Sends <paramref name="message"/> to the group on every interface.</summary>
    public async Task SendAsync(Message message, CancellationToken cancellationToken)
    {
        var bytes = message.ToByteArray();
        foreach (var (_, address) in _interfaces)
        {
            // IP_MULTICAST_IF by the interface's address; this socket sends from one task at a time.
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, address.GetAddressBytes());
            await _socket.SendToAsync(bytes, SocketFlags.None, new IPEndPoint(Group, Port), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Receives messages until cancelled, handing each that parses to <paramref name="received"/>.</summary>
    public async Task ReceiveAsync(Action<Message> received, CancellationToken cancellationToken)
    {
        var buffer = new byte[9000];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            var message = new Message();
            try
            {
                message.Read(buffer, 0, result.ReceivedBytes);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or NotSupportedException or FormatException)
            {
                continue; // not DNS, or not DNS this library reads: not for us
            }
            received(message);
        }
    }

    public void Dispose() => _socket.Dispose();
}
