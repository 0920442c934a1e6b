using System.Net;
using System.Net.Sockets;

namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// A TCP relay in front of a gateway's peer port, for partitions without root or netem: <see cref="Cut"/> drops every
/// connection through it and refuses new ones (a link that breaks), <see cref="Heal"/> lets them through again, and
/// <see cref="Delay"/> holds each chunk back (a slow link). Listens on a free 127.0.0.1 port.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    public TcpRelay(int target)
    {
        _target = target;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Held back per chunk relayed (zero: none).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Most bytes per second relayed in each direction of each connection (zero: no limit): a slow link.</summary>
    public long BytesPerSecond { get; set; }

    /// <summary>Bytes relayed, both ways.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    private long _bytes;

    public bool IsCut => _cut;

    /// <summary>Drops every connection through the relay and refuses new ones.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    /// <summary>Lets connections through again.</summary>
    public void Heal() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await _listener.AcceptTcpClientAsync(_stopping.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            if (_cut)
            {
                inbound.Dispose();
                continue;
            }
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _target, _stopping.Token);
            lock (_open)
            {
                if (_cut) throw new SocketException((int)SocketError.ConnectionReset);
                _open.Add(inbound);
                _open.Add(outbound);
            }
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            await Task.WhenAny(PumpAsync(inbound.GetStream(), outbound.GetStream(), done.Token), PumpAsync(outbound.GetStream(), inbound.GetStream(), done.Token));
            await done.CancelAsync();
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var started = System.Diagnostics.Stopwatch.StartNew();
        long relayed = 0;
        try
        {
            while (true)
            {
                var rate = BytesPerSecond;
                var read = await from.ReadAsync(rate > 0 ? buffer.AsMemory(0, (int)Math.Clamp(rate / 20, 1, buffer.Length)) : buffer, cancellationToken);
                if (read == 0 || _cut) return;
                if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
                relayed += read;
                // Held until the chunk's time at the given rate has come: the sender is held back by TCP meanwhile.
                if (rate > 0 && TimeSpan.FromSeconds((double)relayed / rate) - started.Elapsed is { } ahead && ahead > TimeSpan.Zero)
                    await Task.Delay(ahead, cancellationToken);
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                Interlocked.Add(ref _bytes, read);
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
        Cut();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stopping.Dispose();
    }
}
