using System.Net;
using System.Net.Sockets;

namespace Kiosk.Tools;

/// <summary>
/// A TCP relay in front of a gateway's peer port that counts the bytes of each direction at the socket — what a link
/// really costs, TLS records, MQTT framing, topics, acknowledgements and haves included — which the mesh's own metrics
/// (payload and topic) do not see. Listens on a free 127.0.0.1 port; a dialler connects to it instead of the gateway.
/// </summary>
internal sealed class CountingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private long _toTarget;
    private long _fromTarget;

    public CountingRelay(int target)
    {
        _target = target;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>Where a dialler connects.</summary>
    public int Port { get; }

    /// <summary>Bytes from the dialler to the gateway behind the relay.</summary>
    public long ToTarget => Interlocked.Read(ref _toTarget);

    /// <summary>Bytes from the gateway behind the relay to the dialler.</summary>
    public long FromTarget => Interlocked.Read(ref _fromTarget);

    /// <summary>Starts counting afresh.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _toTarget, 0);
        Interlocked.Exchange(ref _fromTarget, 0);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await _listener.AcceptTcpClientAsync(_stopping.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        using var outbound = new TcpClient();
        using (inbound)
        {
            try
            {
                inbound.NoDelay = true;
                outbound.NoDelay = true;
                await outbound.ConnectAsync(IPAddress.Loopback, _target, _stopping.Token);
                using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                await Task.WhenAny(
                    PumpAsync(inbound.GetStream(), outbound.GetStream(), n => Interlocked.Add(ref _toTarget, n), done.Token),
                    PumpAsync(outbound.GetStream(), inbound.GetStream(), n => Interlocked.Add(ref _fromTarget, n), done.Token));
                await done.CancelAsync();
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, Action<int> count, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0) return;
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                count(read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stopping.Dispose();
    }
}
