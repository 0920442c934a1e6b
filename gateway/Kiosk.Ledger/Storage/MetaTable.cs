using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>The <c>meta</c> table: the schema version and the assembly this file belongs to.</summary>
internal static class MetaTable
{
    /// <summary>Key of the schema version.</summary>
    public const string Schema = "schema";

    /// <summary>Key of the assembly id, written with the genesis.</summary>
    public const string Assembly = "assembly";

    /// <summary>Every key the ledger writes; any other key is a row the ledger did not put there.</summary>
    public static IReadOnlyList<string> Keys { get; } = [Schema, Assembly];

    public static string? Read(SqliteConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    public static void Write(SqliteConnection connection, string key, string value, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta(key, value) VALUES($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
