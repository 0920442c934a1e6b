using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>
/// Every row of every ledger table as SQLite holds it, untyped (SQLite does not enforce column types, so a row may
/// hold anything): what the verifier reads, once, inside one read transaction so the tables agree with each other.
/// </summary>
internal sealed class StoredTables
{
    /// <summary>The tables and the columns read from each, in the order their rows are read.</summary>
    public static IReadOnlyDictionary<string, string> Queries { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["meta"] = "SELECT key, value FROM meta ORDER BY key",
        ["events"] = "SELECT author, seq, id, kind, authority, raw FROM events ORDER BY author, seq",
        ["pending"] = "SELECT author, seq, raw FROM pending ORDER BY author, seq",
        ["equivocations"] = "SELECT author, seq, id, raw FROM equivocations ORDER BY author, seq, id",
        ["feeds"] = "SELECT author, head_seq, head_id FROM feeds ORDER BY author",
        ["members"] = "SELECT key, role, name, valid_through FROM members ORDER BY key",
        ["devices"] = "SELECT device, gateway, label, member, revoked FROM devices ORDER BY device",
    };

    private readonly Dictionary<string, List<object?[]>> _rows = new(StringComparer.Ordinal);

    /// <summary>Tables that are missing or cannot be read, with SQLite's reason.</summary>
    public List<(string Table, string Reason)> Unreadable { get; } = [];

    /// <summary>The rows of <paramref name="table"/> (none when it could not be read); each value is null, long, double, string or byte[].</summary>
    public IReadOnlyList<object?[]> this[string table] => _rows.TryGetValue(table, out var rows) ? rows : [];

    /// <summary>Reads every table through <paramref name="connection"/> (the caller holds a read transaction).</summary>
    public static StoredTables Read(SqliteConnection connection)
    {
        // A file SQLite cannot open as a database fails here, once, rather than once per table.
        SqliteLedgerStore.Execute(connection, "SELECT count(*) FROM sqlite_master;");
        var tables = new StoredTables();
        foreach (var (table, sql) in Queries)
        {
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                using var reader = command.ExecuteReader();
                var rows = new List<object?[]>();
                while (reader.Read())
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }
                tables._rows[table] = rows;
            }
            catch (SqliteException error)
            {
                tables.Unreadable.Add((table, error.Message));
            }
        }
        return tables;
    }

    /// <summary>
    /// Begins a read transaction with plain SQL, so the commands of the storage helpers (which name no transaction)
    /// all read the same snapshot.
    /// </summary>
    public static void BeginSnapshot(SqliteConnection connection) => SqliteLedgerStore.Execute(connection, "BEGIN DEFERRED;");

    /// <summary>Ends the read transaction begun by <see cref="BeginSnapshot"/>.</summary>
    public static void EndSnapshot(SqliteConnection connection) => SqliteLedgerStore.Execute(connection, "ROLLBACK;");
}
