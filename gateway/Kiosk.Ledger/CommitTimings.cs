namespace Kiosk.Ledger;

/// <summary>
/// How long the ledger's commits took (the transaction's commit, which is the disk sync under <c>synchronous=FULL</c>),
/// as counts per latency bucket, for metrics: a slow SD card shows here before it shows anywhere else.
/// </summary>
public sealed class CommitTimings
{
    /// <summary>The buckets' upper bounds in seconds (a commit falls in the first bucket whose bound it does not exceed).</summary>
    public static IReadOnlyList<double> Bounds { get; } = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly long[] _counts = new long[Bounds.Count + 1]; // the last: above every bound
    private long _sumTicks;
    private long _failures;

    /// <summary>Records one commit that took <paramref name="elapsed"/>.</summary>
    public void Record(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var i = 0;
        while (i < Bounds.Count && seconds > Bounds[i]) i++;
        Interlocked.Increment(ref _counts[i]);
        Interlocked.Add(ref _sumTicks, elapsed.Ticks);
        Volatile.Write(ref _lastFailed, false);
    }

    /// <summary>Records a commit that failed (the transaction rolled back).</summary>
    public void RecordFailure()
    {
        Interlocked.Increment(ref _failures);
        Volatile.Write(ref _lastFailed, true);
    }

    /// <summary>True when the most recent commit failed (the writer is in trouble until one succeeds).</summary>
    public bool LastFailed => Volatile.Read(ref _lastFailed);

    private bool _lastFailed;

    /// <summary>Commits that failed so far.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The count in each bucket (not cumulative), the last one above every bound.</summary>
    public IReadOnlyList<long> Counts => [.. _counts.Select((_, i) => Interlocked.Read(ref _counts[i]))];

    /// <summary>The total time of all recorded commits.</summary>
    public TimeSpan Sum => TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks));
}
