namespace Kiosk.Devices.Guard;

/// <summary>What the listener guard holds and has refused (for /metrics, the benchmark and tests).</summary>
public sealed class GuardCounters
{
    private long _perAddress;
    private long _handshakes;
    private long _total;
    private long _deadline;
    private int _open;
    private int _handshaking;

    /// <summary>Connections open now (from TCP accept to close).</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Connections open now whose CONNECT has not arrived.</summary>
    public int Handshaking => Volatile.Read(ref _handshaking);

    /// <summary>Connections closed at accept because their address held its share.</summary>
    public long RefusedPerAddress => Interlocked.Read(ref _perAddress);

    /// <summary>Connections closed at accept because too many handshakes were in progress.</summary>
    public long RefusedHandshakes => Interlocked.Read(ref _handshakes);

    /// <summary>Connections closed at accept because the broker held its total.</summary>
    public long RefusedTotal => Interlocked.Read(ref _total);

    /// <summary>Connections closed because no CONNECT came by the deadline.</summary>
    public long ClosedSilent => Interlocked.Read(ref _deadline);

    /// <summary>A one-line summary for the log.</summary>
    public string Describe() =>
        $"open {Open}, waiting for CONNECT {Handshaking}, refused per address {RefusedPerAddress}, refused handshakes {RefusedHandshakes}, refused total {RefusedTotal}, closed silent {ClosedSilent}";

    internal void Count(GuardRefusal why)
    {
        switch (why)
        {
            case GuardRefusal.PerAddress: Interlocked.Increment(ref _perAddress); break;
            case GuardRefusal.Handshakes: Interlocked.Increment(ref _handshakes); break;
            case GuardRefusal.Total: Interlocked.Increment(ref _total); break;
            default: Interlocked.Increment(ref _deadline); break;
        }
    }

    internal void SetOpen(int open, int handshaking)
    {
        Volatile.Write(ref _open, open);
        Volatile.Write(ref _handshaking, handshaking);
    }
}
