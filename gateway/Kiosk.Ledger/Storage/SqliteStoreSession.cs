using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>
/// A session on a ledger's SQLite file: one connection, the table helpers' queries over it, and (for the writer) the
/// prepared statements every group commit reuses.
/// </summary>
internal sealed class SqliteStoreSession : ILedgerStoreSession
{
    private readonly bool _ownsConnection;
    private CommitStatements? _statements;

    /// <param name="connection">An open connection.</param>
    /// <param name="ownsConnection">Whether disposing the session closes it (the verifier lends its own read-only one).</param>
    public SqliteStoreSession(SqliteConnection connection, bool ownsConnection = true)
    {
        Connection = connection;
        _ownsConnection = ownsConnection;
    }

    public SqliteConnection Connection { get; }

    public Bytes32? IdAt(Bytes32 author, long seq) => EventTable.IdAt(Connection, author, seq);

    public IReadOnlyList<byte[]> ReadFeed(Bytes32 author, long fromSeq, long toSeq) => EventTable.ReadFeedRaw(Connection, author, fromSeq, toSeq);

    public IEnumerable<byte[]> ReadAll() => EventTable.StreamAllRaw(Connection);

    public IReadOnlyList<byte[]> ReadForkProof(Bytes32 author) => EquivocationTable.ReadProof(Connection, author);

    public long? ExternalChangeVersion()
    {
        // SQLite's data_version changes on this connection exactly when another connection committed.
        using var command = Connection.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return (long)command.ExecuteScalar()!;
    }

    public string? ReadAssembly() => MetaTable.Read(Connection, MetaTable.Assembly);

    public Dictionary<Bytes32, FeedHead> ReadHeads() => FeedTable.ReadHeads(Connection);

    public Dictionary<Bytes32, long> ReadForks() => EquivocationTable.ReadForks(Connection);

    public Dictionary<Bytes32, int> ReadPendingCounts() => PendingTable.ReadCounts(Connection);

    public IReadOnlyList<byte[]> ReadAuthorityEvents() => EventTable.ReadAuthorityRaw(Connection);

    public void RebuildDerived(IReadOnlyCollection<string> authorityKinds)
    {
        using var transaction = Connection.BeginTransaction();
        EventTable.WriteAuthorityColumn(Connection, transaction, authorityKinds);
        FeedTable.WriteAll(Connection, transaction, FeedTable.ComputeHeads(Connection));
        transaction.Commit();
    }

    public ILedgerStoreTransaction BeginWrite()
    {
        _statements ??= new CommitStatements(Connection);
        return new SqliteStoreTransaction(_statements, _statements.Begin());
    }

    public void Dispose()
    {
        _statements?.Dispose();
        if (_ownsConnection) Connection.Dispose();
    }
}
