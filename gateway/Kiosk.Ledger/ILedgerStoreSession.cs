namespace Kiosk.Ledger;

/// <summary>
/// One connection to an <see cref="ILedgerStore"/>: the reads a ledger makes outside its writer, the stored tables
/// it loads its state from, and the writer's transactions. Values read are checked: a row the ledger could not have
/// written throws <see cref="InvalidDataException"/>. Failures of the store itself throw
/// <see cref="System.Data.Common.DbException"/> (or <see cref="IOException"/>), which the writer reports to callers.
/// </summary>
public interface ILedgerStoreSession : IDisposable
{
    /// <summary>The id of the stored event (author, seq), or null when none is stored.</summary>
    Bytes32? IdAt(Bytes32 author, long seq);

    /// <summary>The raw bytes of a feed's events <paramref name="fromSeq"/>..<paramref name="toSeq"/>, in seq order.</summary>
    IReadOnlyList<byte[]> ReadFeed(Bytes32 author, long fromSeq, long toSeq);

    /// <summary>Every stored event's raw bytes in (author, seq) order (authors compared as bytes), streamed.</summary>
    IEnumerable<byte[]> ReadAll();

    /// <summary>Every recorded equivocating event of <paramref name="author"/>, in (seq, id) order.</summary>
    IReadOnlyList<byte[]> ReadForkProof(Bytes32 author);

    /// <summary>
    /// A number that changes whenever another connection (another process: the command line beside a running gateway)
    /// commits to the store, so the writer knows to reload; null when the store cannot tell, and then the writer only
    /// sees its own commits.
    /// </summary>
    long? ExternalChangeVersion();

    /// <summary>The assembly the store is bound to (written with the genesis), as stored; null before.</summary>
    string? ReadAssembly();

    /// <summary>The feeds projection: each author's head seq and id.</summary>
    Dictionary<Bytes32, FeedHead> ReadHeads();

    /// <summary>Fork points: for each author with recorded equivocations, the lowest such seq.</summary>
    Dictionary<Bytes32, long> ReadForks();

    /// <summary>How many pending events each author has waiting.</summary>
    Dictionary<Bytes32, int> ReadPendingCounts();

    /// <summary>The raw bytes of the events stored as authority events, in (author, seq) order.</summary>
    IReadOnlyList<byte[]> ReadAuthorityEvents();

    /// <summary>
    /// Recomputes, in one transaction, the derived columns the ledger loads from: each event's authority flag (true
    /// exactly for <paramref name="authorityKinds"/>) and the feeds projection from the events' heads.
    /// </summary>
    void RebuildDerived(IReadOnlyCollection<string> authorityKinds);

    /// <summary>Begins a write transaction; it rolls back when disposed without <see cref="ILedgerStoreTransaction.Commit"/>.</summary>
    ILedgerStoreTransaction BeginWrite();
}
