using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>
/// The ledger's SQLite file: WAL journal, synchronous=FULL (every commit is an fsync), events keyed by
/// (author, seq) and stored as their canonical bytes. The feeds, members and devices tables are projections:
/// caches that <see cref="Ledger.RebuildProjectionsAsync"/> recomputes from the events.
/// </summary>
internal sealed class SqliteLedgerStore : IDisposable
{
    private const int SchemaVersion = 1;
    private readonly string _connectionString;

    public SqliteLedgerStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        using var connection = OpenConnection();
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS events(
              author BLOB NOT NULL, seq INTEGER NOT NULL, id BLOB NOT NULL, kind TEXT NOT NULL,
              authority INTEGER NOT NULL, raw BLOB NOT NULL, PRIMARY KEY(author, seq)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS events_authority ON events(authority) WHERE authority = 1;
            CREATE TABLE IF NOT EXISTS pending(author BLOB NOT NULL, seq INTEGER NOT NULL, raw BLOB NOT NULL, PRIMARY KEY(author, seq)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS equivocations(author BLOB NOT NULL, seq INTEGER NOT NULL, id BLOB NOT NULL, raw BLOB NOT NULL, PRIMARY KEY(author, seq, id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS feeds(author BLOB PRIMARY KEY, head_seq INTEGER NOT NULL, head_id BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS members(key BLOB PRIMARY KEY, role TEXT NOT NULL, name TEXT NOT NULL, valid_through INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS devices(device TEXT PRIMARY KEY, gateway BLOB NOT NULL, label TEXT NOT NULL, member TEXT, revoked INTEGER NOT NULL) WITHOUT ROWID;
            """);
        var version = ReadMeta(connection, "schema");
        if (version is null) WriteMeta(connection, "schema", SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else if (version != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{Path} has ledger schema {version}; this program reads schema {SchemaVersion}");
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    /// <summary>A new connection with the durability settings applied.</summary>
    public SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=OFF;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static string? ReadMeta(SqliteConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    public static void WriteMeta(SqliteConnection connection, string key, string value, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta(key, value) VALUES($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    /// <summary>Feed heads from the feeds projection.</summary>
    public static Dictionary<Bytes32, FeedHead> ReadHeads(SqliteConnection connection)
    {
        var heads = new Dictionary<Bytes32, FeedHead>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT author, head_seq, head_id FROM feeds";
        using var reader = command.ExecuteReader();
        while (reader.Read())
            heads[Bytes32.Read((byte[])reader[0])] = new FeedHead(reader.GetInt64(1), Bytes32.Read((byte[])reader[2]));
        return heads;
    }

    /// <summary>Feed heads recomputed from the events themselves.</summary>
    public static Dictionary<Bytes32, FeedHead> ComputeHeads(SqliteConnection connection)
    {
        var heads = new Dictionary<Bytes32, FeedHead>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT e.author, e.seq, e.id FROM events e JOIN (SELECT author, MAX(seq) AS s FROM events GROUP BY author) m ON e.author = m.author AND e.seq = m.s";
        using var reader = command.ExecuteReader();
        while (reader.Read())
            heads[Bytes32.Read((byte[])reader[0])] = new FeedHead(reader.GetInt64(1), Bytes32.Read((byte[])reader[2]));
        return heads;
    }

    public static List<byte[]> ReadRaw(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        ReadRawInTransaction(connection, null, sql, parameters);

    public static List<byte[]> ReadRawInTransaction(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<byte[]>();
        while (reader.Read()) rows.Add((byte[])reader[0]);
        return rows;
    }

    /// <summary>Fork points: for each forked author, the lowest seq at which two events are known.</summary>
    public static Dictionary<Bytes32, long> ReadForks(SqliteConnection connection)
    {
        var forks = new Dictionary<Bytes32, long>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT author, MIN(seq) FROM equivocations GROUP BY author";
        using var reader = command.ExecuteReader();
        while (reader.Read()) forks[Bytes32.Read((byte[])reader[0])] = reader.GetInt64(1);
        return forks;
    }

    /// <summary>How many events each unknown author has waiting in the pending table.</summary>
    public static Dictionary<Bytes32, int> ReadPendingCounts(SqliteConnection connection)
    {
        var counts = new Dictionary<Bytes32, int>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT author, COUNT(*) FROM pending GROUP BY author";
        using var reader = command.ExecuteReader();
        while (reader.Read()) counts[Bytes32.Read((byte[])reader[0])] = reader.GetInt32(1);
        return counts;
    }

    /// <summary>Replaces the members and devices projections with <paramref name="table"/>.</summary>
    public static void WriteAuthority(SqliteConnection connection, SqliteTransaction transaction, AuthorityTable table)
    {
        Execute(connection, "DELETE FROM members; DELETE FROM devices;", transaction);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO members(key, role, name, valid_through) VALUES($k, $r, $n, $v)";
            var k = insert.Parameters.Add("$k", SqliteType.Blob);
            var r = insert.Parameters.Add("$r", SqliteType.Text);
            var n = insert.Parameters.Add("$n", SqliteType.Text);
            var v = insert.Parameters.Add("$v", SqliteType.Integer);
            foreach (var m in table.Members.Values)
            {
                k.Value = m.Key.ToArray();
                r.Value = m.Role.ToString();
                n.Value = m.Name;
                v.Value = m.ValidThroughSeq;
                insert.ExecuteNonQuery();
            }
        }
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO devices(device, gateway, label, member, revoked) VALUES($d, $g, $l, $m, $r)";
            var d = insert.Parameters.Add("$d", SqliteType.Text);
            var g = insert.Parameters.Add("$g", SqliteType.Blob);
            var l = insert.Parameters.Add("$l", SqliteType.Text);
            var m = insert.Parameters.Add("$m", SqliteType.Text);
            var r = insert.Parameters.Add("$r", SqliteType.Integer);
            foreach (var device in table.Devices.Values)
            {
                d.Value = device.Device;
                g.Value = device.Gateway.ToArray();
                l.Value = device.Label;
                m.Value = (object?)device.Member ?? DBNull.Value;
                r.Value = device.Revoked ? 1 : 0;
                insert.ExecuteNonQuery();
            }
        }
    }

    /// <summary>Replaces the feeds projection with <paramref name="heads"/>.</summary>
    public static void WriteAllHeads(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyDictionary<Bytes32, FeedHead> heads)
    {
        Execute(connection, "DELETE FROM feeds;", transaction);
        using var upsert = new HeadWriter(connection, transaction);
        foreach (var (author, head) in heads) upsert.Write(author, head);
    }

    public void Dispose()
    {
        // Connections are pooled; clearing the pool closes the file so it can be moved or deleted.
        SqliteConnection.ClearAllPools();
    }
}
