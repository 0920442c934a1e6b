using Kiosk.Ledger;
using Npgsql;
using static Kiosk.Hub.Storage.PgValues;

namespace Kiosk.Hub.Storage;

/// <summary>
/// A session on one assembly's rows of the hub database. It holds no connection: each read, and each write
/// transaction, takes one from the hub's shared pool and gives it back when done. A ledger's writer keeps its
/// session open for as long as the ledger is open, so a session that held a connection would pin one per assembly,
/// and a hub serving more assemblies than the pool's size (Npgsql's default: 100) would stall.
/// </summary>
internal sealed class PostgresStoreSession(NpgsqlDataSource dataSource, byte[] assembly) : ILedgerStoreSession
{
    public Bytes32? IdAt(Bytes32 author, long seq)
    {
        using var connection = dataSource.OpenConnection();
        return IdAt(connection, null, assembly, author, seq);
    }

    internal static Bytes32? IdAt(NpgsqlConnection connection, NpgsqlTransaction? transaction, byte[] assembly, Bytes32 author, long seq)
    {
        using var command = Command(connection, transaction, "SELECT id FROM events WHERE assembly = $1 AND author = $2 AND seq = $3", assembly, author.ToArray(), seq);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Key(reader, 0, "events") : null;
    }

    public IReadOnlyList<byte[]> ReadFeed(Bytes32 author, long fromSeq, long toSeq) =>
        ReadRaw("SELECT raw FROM events WHERE assembly = $1 AND author = $2 AND seq BETWEEN $3 AND $4 ORDER BY seq", assembly, author.ToArray(), fromSeq, toSeq);

    /// <summary>Streams: the connection is held until the caller finishes (or abandons) the enumeration.</summary>
    public IEnumerable<byte[]> ReadAll()
    {
        using var connection = dataSource.OpenConnection();
        using var command = Command(connection, null, "SELECT raw FROM events WHERE assembly = $1 ORDER BY author, seq", assembly);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return (byte[])reader.GetValue(0);
    }

    public IReadOnlyList<byte[]> ReadForkProof(Bytes32 author) =>
        ReadRaw("SELECT raw FROM equivocations WHERE assembly = $1 AND author = $2 ORDER BY seq, id", assembly, author.ToArray());

    /// <summary>The hub is the only writer of its assemblies' rows, so it has no one else's commits to notice.</summary>
    public long? ExternalChangeVersion() => null;

    public string? ReadAssembly()
    {
        using var connection = dataSource.OpenConnection();
        using var command = Command(connection, null, "SELECT bound FROM assemblies WHERE assembly = $1", assembly);
        return command.ExecuteScalar() is true ? Convert.ToHexStringLower(assembly) : null;
    }

    public Dictionary<Bytes32, FeedHead> ReadHeads()
    {
        var heads = new Dictionary<Bytes32, FeedHead>();
        using var connection = dataSource.OpenConnection();
        using var command = Command(connection, null, "SELECT author, head_seq, head_id FROM feeds WHERE assembly = $1", assembly);
        using var reader = command.ExecuteReader();
        while (reader.Read()) heads[Key(reader, 0, "feeds")] = new FeedHead(reader.GetInt64(1), Key(reader, 2, "feeds"));
        return heads;
    }

    public Dictionary<Bytes32, long> ReadForks()
    {
        var forks = new Dictionary<Bytes32, long>();
        using var connection = dataSource.OpenConnection();
        using var command = Command(connection, null, "SELECT author, MIN(seq) FROM equivocations WHERE assembly = $1 GROUP BY author", assembly);
        using var reader = command.ExecuteReader();
        while (reader.Read()) forks[Key(reader, 0, "equivocations")] = reader.GetInt64(1);
        return forks;
    }

    public Dictionary<Bytes32, int> ReadPendingCounts()
    {
        var counts = new Dictionary<Bytes32, int>();
        using var connection = dataSource.OpenConnection();
        using var command = Command(connection, null, "SELECT author, COUNT(*) FROM pending WHERE assembly = $1 GROUP BY author", assembly);
        using var reader = command.ExecuteReader();
        while (reader.Read()) counts[Key(reader, 0, "pending")] = (int)reader.GetInt64(1);
        return counts;
    }

    public IReadOnlyList<byte[]> ReadAuthorityEvents() =>
        ReadRaw("SELECT raw FROM events WHERE assembly = $1 AND authority ORDER BY author, seq", assembly);

    public void RebuildDerived(IReadOnlyCollection<string> authorityKinds)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var kinds = authorityKinds.ToArray();
        using (var command = Command(connection, transaction,
            "UPDATE events SET authority = (kind = ANY($2)) WHERE assembly = $1 AND authority IS DISTINCT FROM (kind = ANY($2))", assembly, kinds))
            command.ExecuteNonQuery();
        using (var command = Command(connection, transaction, "DELETE FROM feeds WHERE assembly = $1", assembly))
            command.ExecuteNonQuery();
        using (var command = Command(connection, transaction, """
            INSERT INTO feeds(assembly, author, head_seq, head_id)
            SELECT DISTINCT ON (author) assembly, author, seq, id FROM events WHERE assembly = $1 ORDER BY author, seq DESC
            """, assembly))
            command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>The transaction owns its connection and returns it to the pool when disposed.</summary>
    public ILedgerStoreTransaction BeginWrite()
    {
        var connection = dataSource.OpenConnection();
        try
        {
            return new PostgresStoreTransaction(connection, connection.BeginTransaction(), assembly);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private List<byte[]> ReadRaw(string sql, params object[] values)
    {
        using var connection = dataSource.OpenConnection();
        using var command = Command(connection, null, sql, values);
        using var reader = command.ExecuteReader();
        var rows = new List<byte[]>();
        while (reader.Read()) rows.Add((byte[])reader.GetValue(0));
        return rows;
    }

    /// <summary>Nothing held between operations: nothing to release.</summary>
    public void Dispose()
    {
    }
}
