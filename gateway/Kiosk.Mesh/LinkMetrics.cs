namespace Kiosk.Mesh;

/// <summary>Counters of one peer, kept across its connections: bytes and events both ways, duplicates, refusals, fall-backs to catch-up.</summary>
public sealed record LinkMetrics
{
    /// <summary>Bytes of messages (payload and topic) sent to the peer.</summary>
    public long BytesSent { get; init; }

    /// <summary>Bytes of messages received from the peer.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Events sent (live and in batches, fork proofs included).</summary>
    public long EventsSent { get; init; }

    /// <summary>Events received (live and in batches).</summary>
    public long EventsReceived { get; init; }

    /// <summary>Received events that entered the ledger (or its pending table).</summary>
    public long EventsAccepted { get; init; }

    /// <summary>Received events already held, dropped before their signatures were checked.</summary>
    public long Duplicates { get; init; }

    /// <summary>Events and messages refused, each logged with its reason.</summary>
    public long Refusals { get; init; }

    /// <summary>Times the live queue overflowed and the link fell back to catch-up.</summary>
    public long LiveOverflows { get; init; }

    /// <summary>Wants sent and batches received answering them.</summary>
    public long WantsSent { get; init; }

    /// <inheritdoc cref="WantsSent"/>
    public long BatchesReceived { get; init; }
}
