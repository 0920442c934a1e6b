using Kiosk.Ledger;
using Npgsql;
using static Kiosk.Hub.Storage.PgValues;

namespace Kiosk.Hub.Storage;

/// <summary>
/// One group commit on one assembly's rows, on a connection of its own taken from the hub's pool (returned when the
/// transaction is disposed). Events are written with one multi-row statement per batch of inserts (each round trip
/// costs more than the rows it carries); the other writes are rare.
/// </summary>
internal sealed class PostgresStoreTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, byte[] assembly) : ILedgerStoreTransaction
{
    private readonly List<(LedgerEvent Event, bool IsAuthority)> _events = [];

    public void InsertEvent(LedgerEvent e, bool isAuthority) => _events.Add((e, isAuthority));

    /// <summary>Writes the buffered events: before any read (so the transaction sees its own writes) and at commit.</summary>
    private void Flush()
    {
        if (_events.Count == 0) return;
        using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (e, isAuthority) in _events)
        {
            var command = new NpgsqlBatchCommand("INSERT INTO events(assembly, author, seq, id, kind, authority, raw) VALUES($1, $2, $3, $4, $5, $6, $7)");
            foreach (var value in new object[] { assembly, e.Author.ToArray(), e.Seq, e.Id.ToArray(), e.Kind, isAuthority, e.Raw })
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            batch.BatchCommands.Add(command);
        }
        batch.ExecuteNonQuery();
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
        using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (author, head) in heads)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO feeds(assembly, author, head_seq, head_id) VALUES($1, $2, $3, $4)
                ON CONFLICT(assembly, author) DO UPDATE SET head_seq = excluded.head_seq, head_id = excluded.head_id
                """);
            foreach (var value in new object[] { assembly, author.ToArray(), head.Seq, head.Id.ToArray() })
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            batch.BatchCommands.Add(command);
        }
        if (batch.BatchCommands.Count > 0) batch.ExecuteNonQuery();
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
