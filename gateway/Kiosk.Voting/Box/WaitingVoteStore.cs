using Kiosk.Ledger;
using Microsoft.Data.Sqlite;

namespace Kiosk.Voting.Box;

/// <summary>
/// The local queue of secret votes a gateway has acknowledged but not yet published into its ballot box
/// (docs/secrecy.md). Its own SQLite file beside the ledger (<c>ballot-box.db</c>), written so that it keeps no order:
/// <list type="bullet">
/// <item>each commit is durable (rollback journal in DELETE mode, <c>synchronous=FULL</c>) before a receipt is shown;</item>
/// <item>the table is WITHOUT ROWID, keyed by a random 128-bit id, with no time column, so rows sit in random order and
/// nothing numbers them in the order they came;</item>
/// <item><c>secure_delete=ON</c> overwrites a published vote's bytes when its row is deleted.</item>
/// </list>
/// One file may serve several gateway keys of a data folder; every row names its gateway.
/// </summary>
public sealed class WaitingVoteStore
{
    /// <summary>The queue file's usual name, beside the ledger.</summary>
    public const string FileName = "ballot-box.db";

    private readonly string _connectionString;
    private int _created;

    /// <summary>A queue in the SQLite file at <paramref name="path"/> (created on first use).</summary>
    public WaitingVoteStore(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
    }

    /// <summary>The queue file.</summary>
    public string Path { get; }

    /// <summary>The queue's schema steps (<see cref="SqliteSchema"/>); step 0 is the schema every release so far has shipped.</summary>
    internal static IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS queued(
            id BLOB PRIMARY KEY NOT NULL,
            gateway BLOB NOT NULL,
            ballot TEXT NOT NULL,
            body BLOB NOT NULL,
            tracker TEXT NOT NULL,
            batch BLOB
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS queued_by_ballot ON queued(gateway, ballot);
        """,
    ];

    /// <summary>The lock file that lets one process at a time publish from this queue.</summary>
    public string LockPath => Path + ".lock";

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Per connection: durable commits, zeroed deleted rows, and a rollback journal that is deleted after each commit.
        Execute(connection, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA busy_timeout=10000;");
        if (Interlocked.Exchange(ref _created, 1) == 0)
        {
            try
            {
                SqliteSchema.Migrate(connection, Path, "ballot box", Migrations);
            }
            catch
            {
                Volatile.Write(ref _created, 0);
                connection.Dispose();
                throw;
            }
        }
        return connection;
    }

    /// <summary>
    /// Adds a vote in one durable transaction, after <paramref name="decide"/> has seen the votes already waiting for
    /// the ballot (for the revote rule) and returned the row to add, or null to add nothing. Other processes' writes wait.
    /// </summary>
    public QueuedVote? Enqueue(Bytes32 gateway, string ballot, Func<IReadOnlyList<QueuedVote>, QueuedVote?> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var row = decide(Read(connection, transaction, "gateway = $g AND ballot = $b", ("$g", gateway.ToArray()), ("$b", ballot)));
        if (row is null) return null;
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO queued(id, gateway, ballot, body, tracker) VALUES($i, $g, $b, $v, $t)";
        insert.Parameters.AddWithValue("$i", row.Id);
        insert.Parameters.AddWithValue("$g", row.Gateway.ToArray());
        insert.Parameters.AddWithValue("$b", row.Ballot);
        insert.Parameters.AddWithValue("$v", row.Body);
        insert.Parameters.AddWithValue("$t", row.Tracker);
        insert.ExecuteNonQuery();
        transaction.Commit();
        return row;
    }

    /// <summary>The votes of <paramref name="gateway"/> waiting for <paramref name="ballot"/> (claimed by a batch or not).</summary>
    public IReadOnlyList<QueuedVote> Waiting(Bytes32 gateway, string ballot)
    {
        if (!File.Exists(Path)) return [];
        using var connection = Open();
        return Read(connection, null, "gateway = $g AND ballot = $b", ("$g", gateway.ToArray()), ("$b", ballot));
    }

    /// <summary>How many votes of <paramref name="gateway"/> wait, not yet claimed by a batch, per ballot.</summary>
    public IReadOnlyDictionary<string, int> CountsByBallot(Bytes32 gateway)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!File.Exists(Path)) return counts;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ballot, count(*) FROM queued WHERE gateway = $g AND batch IS NULL GROUP BY ballot";
        command.Parameters.AddWithValue("$g", gateway.ToArray());
        using var reader = command.ExecuteReader();
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt32(1);
        return counts;
    }

    /// <summary>
    /// Marks every unclaimed vote of the ballot as part of batch <paramref name="batch"/> (durably, before anything is
    /// published, so a batch cut short by a crash is finished as it was) and returns them.
    /// </summary>
    public IReadOnlyList<QueuedVote> Claim(Bytes32 gateway, string ballot, byte[] batch)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE queued SET batch = $x WHERE gateway = $g AND ballot = $b AND batch IS NULL";
        update.Parameters.AddWithValue("$x", batch);
        update.Parameters.AddWithValue("$g", gateway.ToArray());
        update.Parameters.AddWithValue("$b", ballot);
        update.ExecuteNonQuery();
        var claimed = Read(connection, transaction, "batch = $x", ("$x", batch));
        transaction.Commit();
        return claimed;
    }

    /// <summary>Batches of <paramref name="gateway"/> claimed and not finished (a publication cut short), each with its votes.</summary>
    public IReadOnlyList<IReadOnlyList<QueuedVote>> Claimed(Bytes32 gateway)
    {
        if (!File.Exists(Path)) return [];
        using var connection = Open();
        return Read(connection, null, "gateway = $g AND batch IS NOT NULL", ("$g", gateway.ToArray()))
            .GroupBy(v => Convert.ToHexString(v.Batch!)).Select(g => (IReadOnlyList<QueuedVote>)g.ToList()).ToList();
    }

    /// <summary>Deletes published votes, durably; their bytes are overwritten (secure_delete).</summary>
    public void Delete(IEnumerable<QueuedVote> votes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM queued WHERE id = $i";
        var id = delete.Parameters.Add("$i", SqliteType.Blob);
        foreach (var vote in votes)
        {
            id.Value = vote.Id;
            delete.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static List<QueuedVote> Read(SqliteConnection connection, SqliteTransaction? transaction, string where, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, gateway, ballot, body, tracker, batch FROM queued WHERE " + where;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<QueuedVote>();
        while (reader.Read())
            rows.Add(new QueuedVote((byte[])reader[0], Bytes32.Read((byte[])reader[1]), reader.GetString(2), (byte[])reader[3], reader.GetString(4), reader.IsDBNull(5) ? null : (byte[])reader[5]));
        return rows;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
