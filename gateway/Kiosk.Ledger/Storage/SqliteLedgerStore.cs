using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>
/// The ledger's SQLite file: WAL journal, synchronous=FULL (every commit is an fsync), events keyed by
/// (author, seq) and stored as their canonical bytes. The feeds, members and devices tables and the events'
/// <c>authority</c> column are projections: caches that <see cref="Ledger.RebuildProjectionsAsync"/> recomputes
/// from the events and <see cref="LedgerVerifier"/> compares with them.
/// </summary>
internal sealed class SqliteLedgerStore : ILedgerStore
{
    /// <summary>The schema version this code reads and writes (meta key <c>schema</c>).</summary>
    public const int SchemaVersion = 1;

    private readonly string _connectionString;
    private readonly bool _readOnly;

    public SqliteLedgerStore(string path, bool readOnly = false)
    {
        Path = System.IO.Path.GetFullPath(path);
        _readOnly = readOnly;
        if (readOnly)
        {
            // Read-only media: create nothing, write nothing; only check this is a ledger of our schema.
            _connectionString = "";
            using var reader = OpenReadOnly(Path);
            if (MetaTable.Read(reader, MetaTable.Schema) is var stored && stored != SchemaVersion.ToString(CultureInfo.InvariantCulture))
                throw new InvalidDataException($"{Path} has ledger schema {stored ?? "(none)"}; this program reads schema {SchemaVersion}");
            return;
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        using var connection = OpenConnection();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        SqliteSchema.Migrate(connection, Path, "ledger", Migrations);
        var version = MetaTable.Read(connection, MetaTable.Schema);
        var ours = SchemaVersion.ToString(CultureInfo.InvariantCulture);
        if (version is null) MetaTable.Write(connection, MetaTable.Schema, ours);
        else if (version != ours) throw new InvalidDataException($"{Path} has ledger schema {version}; this program reads schema {SchemaVersion}");
    }

    /// <summary>
    /// The ledger's schema steps (<see cref="SqliteSchema"/>; <c>PRAGMA user_version</c>, kept equal to the meta row
    /// <c>schema</c> that files carried before they were numbered). Step 0 is the schema every release so far has shipped.
    /// </summary>
    internal static IReadOnlyList<string> Migrations { get; } =
    [
        """
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
        """,
    ];

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    public string Name => Path;

    public string HeadRecordFolder => HeadRecordFiles.FolderFor(Path);

    public ILedgerStoreSession OpenSession() => new SqliteStoreSession(OpenConnection());

    /// <summary>A new connection with the durability settings applied.</summary>
    public SqliteConnection OpenConnection()
    {
        if (_readOnly) return OpenReadOnly(Path);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=OFF;");
        return connection;
    }

    /// <summary>
    /// A read-only connection to the file at <paramref name="path"/> that creates nothing and changes nothing:
    /// the verifier's view of a file it does not trust.
    /// </summary>
    public static SqliteConnection OpenReadOnly(string path)
    {
        // A WAL-mode file in a folder nobody may write (read-only media): SQLite cannot make the -shm file it reads
        // through, and fails on some later read. Opened as immutable it reads the file alone, which holds every commit once
        // the last writer closed it cleanly (its WAL checkpointed and removed).
        var immutable = !File.Exists(path + "-shm") && File.Exists(path) && !IsWritableFolder(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri + "?immutable=1" : path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout=10000;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when a file can be made in <paramref name="folder"/> (tried with one that is deleted as it closes).</summary>
    private static bool IsWritableFolder(string folder)
    {
        try
        {
            using var probe = new FileStream(System.IO.Path.Combine(folder, $".kiosk-probe-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        // Connections are pooled; clearing the pool closes the file so it can be moved or deleted.
        SqliteConnection.ClearAllPools();
    }
}
