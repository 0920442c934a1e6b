using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>The <c>equivocations</c> table: both events of every (author, seq) signed twice, kept as proof.</summary>
internal static class EquivocationTable
{
    /// <summary>Fork points: for each forked author, the lowest seq at which two events are known.</summary>
    public static Dictionary<Bytes32, long> ReadForks(SqliteConnection connection)
    {
        var forks = new Dictionary<Bytes32, long>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT author, MIN(seq) FROM equivocations GROUP BY author";
        using var reader = command.ExecuteReader();
        while (reader.Read()) forks[StoredValues.Key(reader, 0, "equivocations")] = StoredValues.Number(reader, 1, "equivocations");
        return forks;
    }
}
