using System.Collections.Concurrent;

namespace Kiosk.Devices;

/// <summary>Counters of the device broker (what /metrics and the benchmark show): votes, repeats, refusals by reason.</summary>
public sealed class DeviceBrokerMetrics
{
    private long _accepted;
    private long _repeats;
    private long _refusedConnections;
    private long _acceptedConnections;
    private long _refusedPublishes;
    private long _refusedSubscriptions;

    /// <summary>Presses whose vote was committed and acked.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Retried presses answered again from the stored ack (never counted twice).</summary>
    public long Repeats => Interlocked.Read(ref _repeats);

    /// <summary>Device connections accepted (right device secret).</summary>
    public long AcceptedConnections => Interlocked.Read(ref _acceptedConnections);

    /// <summary>Connections refused (anonymous, unknown device, wrong secret).</summary>
    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    /// <summary>Publishes refused by the ACL or the size limit.</summary>
    public long RefusedPublishes => Interlocked.Read(ref _refusedPublishes);

    /// <summary>Subscriptions refused by the ACL.</summary>
    public long RefusedSubscriptions => Interlocked.Read(ref _refusedSubscriptions);

    /// <summary>Refused presses by reason code.</summary>
    public ConcurrentDictionary<string, long> RefusedPresses { get; } = new(StringComparer.Ordinal);

    /// <summary>Refused presses with reason <paramref name="reason"/>.</summary>
    public long Refused(string reason) => RefusedPresses.GetValueOrDefault(reason);

    internal void CountAccepted() => Interlocked.Increment(ref _accepted);
    internal void CountAcceptedConnection() => Interlocked.Increment(ref _acceptedConnections);
    internal void CountRepeat() => Interlocked.Increment(ref _repeats);
    internal void CountRefusedConnection() => Interlocked.Increment(ref _refusedConnections);
    internal void CountRefusedPublish() => Interlocked.Increment(ref _refusedPublishes);
    internal void CountRefusedSubscription() => Interlocked.Increment(ref _refusedSubscriptions);
    internal void CountRefused(string reason) => RefusedPresses.AddOrUpdate(reason, 1, (_, n) => n + 1);
}
