using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>One group commit's transaction on the SQLite file, through the writer's prepared statements.</summary>
internal sealed class SqliteStoreTransaction(CommitStatements statements, SqliteTransaction transaction) : ILedgerStoreTransaction
{
    public void InsertEvent(LedgerEvent e, bool isAuthority) => statements.InsertEvent(e, isAuthority);

    public (Bytes32 Id, byte[] Raw)? StoredAt(Bytes32 author, long seq) => statements.StoredAt(author, seq);

    public void InsertEquivocation(Bytes32 author, long seq, Bytes32 id, byte[] raw) => statements.InsertEquivocation(author, seq, id, raw);

    public bool InsertPending(LedgerEvent e) => statements.InsertPending(e);

    public IReadOnlyList<byte[]> ReadPending(Bytes32 author) => statements.ReadPending(author);

    public void DeletePending(Bytes32 author, long seq) => statements.DeletePending(author, seq);

    public void WriteAssembly(AssemblyId assembly) => statements.WriteAssembly(assembly);

    public void WriteHeads(IEnumerable<KeyValuePair<Bytes32, FeedHead>> heads) => statements.WriteHeads(heads);

    public void WriteAuthority(AuthorityTable table) => statements.WriteAuthority(table);

    public void Commit() => transaction.Commit();

    public void Dispose() => transaction.Dispose(); // rolls back when not committed
}
