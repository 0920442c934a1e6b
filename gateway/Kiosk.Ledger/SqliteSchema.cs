using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger;

/// <summary>
/// Forward migrations of the gateway's SQLite files (ledger, device registry, ballot box), numbered by
/// <c>PRAGMA user_version</c>. Step <c>i</c> (SQL) takes a file from version <c>i</c> to <c>i + 1</c>, in one transaction
/// with the new number, so a power cut leaves the old version or the new. Version 0 is a new file or one written before the
/// files were numbered: step 0 creates the first schema with <c>IF NOT EXISTS</c>, so either becomes version 1. A file
/// numbered beyond the steps was written by a newer Kiosk: it is refused, unchanged, with a sentence saying so.
/// Every schema a release has shipped is kept as a test fixture and migrated in the tests.
/// </summary>
public static class SqliteSchema
{
    /// <summary>
    /// Brings the database behind <paramref name="connection"/> to version <c>steps.Count</c>; throws
    /// <see cref="InvalidDataException"/> naming <paramref name="file"/> when it is newer than this program.
    /// </summary>
    public static void Migrate(SqliteConnection connection, string file, string what, IReadOnlyList<string> steps)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(steps);
        var version = Version(connection);
        if (version > steps.Count)
            throw new InvalidDataException($"{file} is a {what} of schema {version}, written by a newer Kiosk; this program knows schemas up to {steps.Count}: install that newer Kiosk again (or restore a backup this version made)");
        for (var step = version; step < steps.Count; step++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = steps[(int)step] + $"\nPRAGMA user_version = {(step + 1).ToString(CultureInfo.InvariantCulture)};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>The file's schema number (<c>PRAGMA user_version</c>; 0 for a new or unnumbered file).</summary>
    public static long Version(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }
}
