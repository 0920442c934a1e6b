using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>
/// The writer connection's statements, prepared once and reused by every batch: preparing a statement costs more
/// than running it, and a batch may hold a single event. Every write of a group commit goes through here, inside
/// the transaction <see cref="Begin"/> opened.
/// </summary>
internal sealed class CommitStatements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertPending;
    private readonly SqliteCommand _deletePending;
    private readonly SqliteCommand _readPending;
    private readonly SqliteCommand _insertEquivocation;
    private readonly SqliteCommand _storedAt;
    private SqliteTransaction? _transaction;

    public CommitStatements(SqliteConnection connection)
    {
        _connection = connection;
        _insertEvent = Prepare("INSERT INTO events(author, seq, id, kind, authority, raw) VALUES($a, $s, $i, $k, $t, $r)", "$a", "$s", "$i", "$k", "$t", "$r");
        _insertPending = Prepare("INSERT OR IGNORE INTO pending(author, seq, raw) VALUES($a, $s, $r)", "$a", "$s", "$r");
        _deletePending = Prepare("DELETE FROM pending WHERE author = $a AND seq = $s", "$a", "$s");
        _readPending = Prepare("SELECT raw FROM pending WHERE author = $a ORDER BY seq", "$a");
        _insertEquivocation = Prepare("INSERT OR IGNORE INTO equivocations(author, seq, id, raw) VALUES($a, $s, $i, $r)", "$a", "$s", "$i", "$r");
        _storedAt = Prepare("SELECT id, raw FROM events WHERE author = $a AND seq = $s", "$a", "$s");
    }

    private IEnumerable<SqliteCommand> All => [_insertEvent, _insertPending, _deletePending, _readPending, _insertEquivocation, _storedAt];

    /// <summary>Begins the batch's transaction; every statement runs inside it until it is committed or disposed.</summary>
    public SqliteTransaction Begin()
    {
        _transaction = _connection.BeginTransaction();
        foreach (var command in All) command.Transaction = _transaction;
        return _transaction;
    }

    public void InsertEvent(LedgerEvent e, bool isAuthority)
    {
        var p = _insertEvent.Parameters;
        p[0].Value = e.Author.ToArray();
        p[1].Value = e.Seq;
        p[2].Value = e.Id.ToArray();
        p[3].Value = e.Kind;
        p[4].Value = isAuthority ? 1 : 0;
        p[5].Value = e.Raw;
        _insertEvent.ExecuteNonQuery();
    }

    /// <summary>The id and bytes of the stored event at (author, seq), or null when there is none.</summary>
    public (Bytes32 Id, byte[] Raw)? StoredAt(Bytes32 author, long seq)
    {
        _storedAt.Parameters[0].Value = author.ToArray();
        _storedAt.Parameters[1].Value = seq;
        using var reader = _storedAt.ExecuteReader();
        return reader.Read() ? (StoredValues.Key(reader, 0, "events"), StoredValues.Blob(reader, 1, "events")) : null;
    }

    public void InsertEquivocation(Bytes32 author, long seq, Bytes32 id, byte[] raw)
    {
        var p = _insertEquivocation.Parameters;
        p[0].Value = author.ToArray();
        p[1].Value = seq;
        p[2].Value = id.ToArray();
        p[3].Value = raw;
        _insertEquivocation.ExecuteNonQuery();
    }

    /// <summary>Holds an event pending; false when the same (author, seq) is already held.</summary>
    public bool InsertPending(LedgerEvent e)
    {
        var p = _insertPending.Parameters;
        p[0].Value = e.Author.ToArray();
        p[1].Value = e.Seq;
        p[2].Value = e.Raw;
        return _insertPending.ExecuteNonQuery() == 1;
    }

    /// <summary>The raw bytes of an author's pending events, in seq order.</summary>
    public List<byte[]> ReadPending(Bytes32 author)
    {
        _readPending.Parameters[0].Value = author.ToArray();
        using var reader = _readPending.ExecuteReader();
        var rows = new List<byte[]>();
        while (reader.Read()) rows.Add(StoredValues.Blob(reader, 0, "pending"));
        return rows;
    }

    public void DeletePending(Bytes32 author, long seq)
    {
        _deletePending.Parameters[0].Value = author.ToArray();
        _deletePending.Parameters[1].Value = seq;
        _deletePending.ExecuteNonQuery();
    }

    /// <summary>Binds the file to its assembly (written with the genesis).</summary>
    public void WriteAssembly(AssemblyId assembly) => MetaTable.Write(_connection, MetaTable.Assembly, assembly.ToString(), Current);

    /// <summary>Upserts the feeds projection for the feeds this batch moved.</summary>
    public void WriteHeads(IEnumerable<KeyValuePair<Bytes32, FeedHead>> heads)
    {
        using var writer = new HeadWriter(_connection, Current);
        foreach (var (author, head) in heads) writer.Write(author, head);
    }

    /// <summary>Replaces the members and devices projections.</summary>
    public void WriteAuthority(AuthorityTable table) => AuthorityTables.Write(_connection, Current, table);

    private SqliteTransaction Current => _transaction ?? throw new InvalidOperationException("no batch transaction is open");

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = p });
        return command;
    }

    public void Dispose()
    {
        foreach (var command in All) command.Dispose();
    }
}
