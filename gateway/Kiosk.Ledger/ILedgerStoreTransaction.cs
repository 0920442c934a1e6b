namespace Kiosk.Ledger;

/// <summary>
/// One write transaction of a ledger's writer (one group commit). Reads inside it see its own writes. Nothing is
/// durable until <see cref="Commit"/> returns; disposing it uncommitted rolls everything back.
/// </summary>
public interface ILedgerStoreTransaction : IDisposable
{
    /// <summary>Stores an event; <paramref name="isAuthority"/> marks the events the state is loaded from.</summary>
    void InsertEvent(LedgerEvent e, bool isAuthority);

    /// <summary>The id and bytes of the stored event at (author, seq), or null when there is none.</summary>
    (Bytes32 Id, byte[] Raw)? StoredAt(Bytes32 author, long seq);

    /// <summary>Records one event of an equivocation (kept once per (author, seq, id)).</summary>
    void InsertEquivocation(Bytes32 author, long seq, Bytes32 id, byte[] raw);

    /// <summary>Holds an event pending; false when the same (author, seq) is already held.</summary>
    bool InsertPending(LedgerEvent e);

    /// <summary>The raw bytes of an author's pending events, in seq order.</summary>
    IReadOnlyList<byte[]> ReadPending(Bytes32 author);

    /// <summary>Removes a pending event (it entered the ledger, or was refused for good).</summary>
    void DeletePending(Bytes32 author, long seq);

    /// <summary>Binds the store to its assembly (written with the genesis).</summary>
    void WriteAssembly(AssemblyId assembly);

    /// <summary>Upserts the feeds projection for the feeds given.</summary>
    void WriteHeads(IEnumerable<KeyValuePair<Bytes32, FeedHead>> heads);

    /// <summary>Replaces the members and devices projections with <paramref name="table"/>.</summary>
    void WriteAuthority(AuthorityTable table);

    /// <summary>Commits durably; throws when the commit fails (the transaction is then rolled back).</summary>
    void Commit();
}
