using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh.Links;

/// <summary>What this gateway remembers of one peer across its connections: counters, times, the last problem, its last have.</summary>
internal sealed class PeerRecord(string name, Uri? url)
{
    private readonly object _lock = new();
    private long _bytesSent, _bytesReceived, _eventsSent, _eventsReceived, _accepted, _duplicates, _refusals, _overflows, _wants, _batches;

    public string Name { get; set; } = name;
    public Uri? Url { get; set; } = url;
    public Bytes32? Key { get; set; }
    public PeerLink? Link { get; set; }
    public LinkDirection? Direction { get; set; }
    public DateTimeOffset? ConnectedSince { get; set; }
    public DateTimeOffset? LastContact { get; set; }
    public HaveMessage? LastHave { get; set; }
    public DateTimeOffset? BannedUntil { get; set; }
    public Backoff? BanBackoff { get; set; }

    private string? _problem;

    public string? LastProblem
    {
        get { lock (_lock) return _problem; }
        set { lock (_lock) _problem = value; }
    }

    public void Sent(long bytes, int events = 0)
    {
        Interlocked.Add(ref _bytesSent, bytes);
        Interlocked.Add(ref _eventsSent, events);
    }

    public void Received(long bytes, DateTimeOffset now)
    {
        Interlocked.Add(ref _bytesReceived, bytes);
        LastContact = now;
    }

    public void Events(int received, int accepted, int duplicates)
    {
        Interlocked.Add(ref _eventsReceived, received);
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _duplicates, duplicates);
    }

    public void Refused() => Interlocked.Increment(ref _refusals);
    public void Overflowed() => Interlocked.Increment(ref _overflows);
    public void Wanted() => Interlocked.Increment(ref _wants);
    public void Batch() => Interlocked.Increment(ref _batches);

    public LinkMetrics Metrics => new()
    {
        BytesSent = Interlocked.Read(ref _bytesSent),
        BytesReceived = Interlocked.Read(ref _bytesReceived),
        EventsSent = Interlocked.Read(ref _eventsSent),
        EventsReceived = Interlocked.Read(ref _eventsReceived),
        EventsAccepted = Interlocked.Read(ref _accepted),
        Duplicates = Interlocked.Read(ref _duplicates),
        Refusals = Interlocked.Read(ref _refusals),
        LiveOverflows = Interlocked.Read(ref _overflows),
        WantsSent = Interlocked.Read(ref _wants),
        BatchesReceived = Interlocked.Read(ref _batches),
    };
}
