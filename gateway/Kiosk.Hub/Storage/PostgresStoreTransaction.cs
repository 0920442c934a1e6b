using Kiosk.Ledger;
using Npgsql;
using static Kiosk.Hub.Storage.PgValues;

namespace Kiosk.Hub.Storage;

/// <summary>
/// One group commit on one assembly's rows, on a connection of its own taken from the hub's pool (returned when the
/// transaction is disposed). A commit's events are written by one INSERT whose rows come from arrays (<c>unnest</c>), and
/// its feed heads by one upsert the same way: one statement and one round trip whatever the batch's size. (A batch of
/// one INSERT per event was slower, and once its messages outgrew Npgsql's write buffer Npgsql finished sending them
/// on a thread-pool task, which waited behind the very pool threads a busy hub had blocked: the lag tail measured in
/// docs/benchmarks.md, "Hub: the lag tail".) The other writes are rare.
/// </summary>
internal sealed class PostgresStoreTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, byte[] assembly) : ILedgerStoreTransaction
{
    private readonly List<(LedgerEvent Event, bool IsAuthority)> _events = [];

    public void InsertEvent(LedgerEvent e, bool isAuthority) => _events.Add((e, isAuthority));

    /// <summary>Writes the buffered events: before any read (so the transaction sees its own writes) and at commit.</summary>
    private void Flush()
    {
        if (_events.Count == 0) return;
        var count = _events.Count;
        var authors = new byte[count][];
        var seqs = new long[count];
        var ids = new byte[count][];
        var kinds = new string[count];
        var authority = new bool[count];
        var raws = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var (e, isAuthority) = _events[i];
            (authors[i], seqs[i], ids[i], kinds[i], authority[i], raws[i]) = (e.Author.ToArray(), e.Seq, e.Id.ToArray(), e.Kind, isAuthority, e.Raw);
        }
        using var command = Command(connection, transaction, """
            INSERT INTO events(assembly, author, seq, id, kind, authority, raw)
            SELECT $1, * FROM unnest($2::bytea[], $3::bigint[], $4::bytea[], $5::text[], $6::boolean[], $7::bytea[])
            """, assembly, authors, seqs, ids, kinds, authority, raws);
        command.ExecuteNonQuery();
        _events.Clear();
    }

    public (Bytes32 Id, byte[] Raw)? StoredAt(Bytes32 author, long seq)
    {
        Flush();
        using var command = Command(connection, transaction, "SELECT id, raw FROM events WHERE assembly = $1 AND author = $2 AND seq = $3", assembly, author.ToArray(), seq);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (Key(reader, 0, "events"), (byte[])reader.GetValue(1)) : null;
    }

    public void InsertEquivocation(Bytes32 author, long seq, Bytes32 id, byte[] raw) =>
        Execute("INSERT INTO equivocations(assembly, author, seq, id, raw) VALUES($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            assembly, author.ToArray(), seq, id.ToArray(), raw);

    public bool InsertPending(LedgerEvent e) =>
        Execute("INSERT INTO pending(assembly, author, seq, raw) VALUES($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            assembly, e.Author.ToArray(), e.Seq, e.Raw) == 1;

    public IReadOnlyList<byte[]> ReadPending(Bytes32 author)
    {
        Flush();
        using var command = Command(connection, transaction, "SELECT raw FROM pending WHERE assembly = $1 AND author = $2 ORDER BY seq", assembly, author.ToArray());
        using var reader = command.ExecuteReader();
        var rows = new List<byte[]>();
        while (reader.Read()) rows.Add((byte[])reader.GetValue(0));
        return rows;
    }

    public void DeletePending(Bytes32 author, long seq) =>
        Execute("DELETE FROM pending WHERE assembly = $1 AND author = $2 AND seq = $3", assembly, author.ToArray(), seq);

    public void WriteAssembly(AssemblyId bound)
    {
        var bytes = PostgresLedgerStore.Bytes(bound);
        // A store is scoped to one assembly: a genesis of another cannot reach it (the ledger refuses it first).
        if (!bytes.AsSpan().SequenceEqual(assembly)) throw new InvalidOperationException($"this store holds assembly {Convert.ToHexStringLower(assembly)}, not {bound}");
        Execute("UPDATE assemblies SET bound = true WHERE assembly = $1", assembly);
    }

    public void WriteHeads(IEnumerable<KeyValuePair<Bytes32, FeedHead>> heads)
    {
        Flush();
        var authors = new List<byte[]>();
        var seqs = new List<long>();
        var ids = new List<byte[]>();
        foreach (var (author, head) in heads)
        {
            authors.Add(author.ToArray());
            seqs.Add(head.Seq);
            ids.Add(head.Id.ToArray());
        }
        if (authors.Count == 0) return;
        // One row per author (the heads are a dictionary's), as ON CONFLICT DO UPDATE requires of one statement.
        using var command = Command(connection, transaction, """
            INSERT INTO feeds(assembly, author, head_seq, head_id)
            SELECT $1, * FROM unnest($2::bytea[], $3::bigint[], $4::bytea[])
            ON CONFLICT(assembly, author) DO UPDATE SET head_seq = excluded.head_seq, head_id = excluded.head_id
            """, assembly, authors.ToArray(), seqs.ToArray(), ids.ToArray());
        command.ExecuteNonQuery();
    }

    public void WriteAuthority(AuthorityTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Execute("DELETE FROM members WHERE assembly = $1", assembly);
        Execute("DELETE FROM devices WHERE assembly = $1", assembly);
        foreach (var m in table.Members.Values)
            Execute("INSERT INTO members(assembly, key, role, name, valid_through) VALUES($1, $2, $3, $4, $5)",
                assembly, m.Key.ToArray(), m.Role.ToString(), m.Name, m.ValidThroughSeq);
        foreach (var d in table.Devices.Values)
            Execute("INSERT INTO devices(assembly, device, gateway, label, member, revoked) VALUES($1, $2, $3, $4, $5, $6)",
                assembly, d.Device, d.Gateway.ToArray(), d.Label, (object?)d.Member ?? DBNull.Value, d.Revoked);
    }

    public void Commit()
    {
        Flush();
        transaction.Commit();
    }

    private int Execute(string sql, params object[] values)
    {
        Flush();
        using var command = Command(connection, transaction, sql, values);
        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        transaction.Dispose(); // rolls back when not committed
        connection.Dispose();
    }
}
