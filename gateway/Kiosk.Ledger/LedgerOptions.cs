namespace Kiosk.Ledger;

/// <summary>Settings of an open ledger; the defaults suit a gateway.</summary>
public sealed record LedgerOptions
{
    /// <summary>The kinds this ledger accepts (the ledger's own, plus whatever other parts registered).</summary>
    public KindRegistry Kinds { get; init; } = KindRegistry.CreateWithCoreKinds();

    /// <summary>The clock that stamps authored events.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The assembly this store must belong to; null takes it from the store, or from the first genesis received.</summary>
    public AssemblyId? Assembly { get; init; }

    /// <summary>Most requests committed in one transaction (group commit).</summary>
    public int MaxRequestsPerCommit { get; init; } = 512;

    /// <summary>Received events per transaction when a large batch arrives.</summary>
    public int ReceiveChunkSize { get; init; } = 2_000;

    /// <summary>Most events held pending for one unknown author.</summary>
    public int MaxPendingPerAuthor { get; init; } = 1_000;

    /// <summary>Most events held pending in all.</summary>
    public int MaxPendingTotal { get; init; } = 100_000;

    /// <summary>
    /// Shortest time between two writes of the head records (docs/ledger-format.md, "Head records"): they are written
    /// off the commit path and coalesced, so their disk syncs never crowd the database's. A record trails the database
    /// by about this much at most while the ledger runs, and is exact once it is closed.
    /// </summary>
    public TimeSpan HeadRecordInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How often an idle ledger checks whether another process committed to its file (the command line writing into a
    /// running gateway's folder, say): it then reloads its state and raises <see cref="Ledger.Committed"/> for those
    /// events, so the mesh relays them and pages show them. It also checks before each batch it writes. Null: only then.
    /// </summary>
    public TimeSpan? ExternalWriteCheck { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Opens the ledger file without writing anything to it or beside it (read-only media: a backup disk, a card mounted
    /// read-only): reads work, appends and receives fail. Only <see cref="Ledger.Open(string, LedgerOptions?)"/> reads it.
    /// </summary>
    public bool ReadOnly { get; init; }
}
