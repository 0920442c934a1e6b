using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>The <c>pending</c> table: events of authors not (yet) admitted, held outside the ledger.</summary>
internal static class PendingTable
{
    /// <summary>How many events each unknown author has waiting.</summary>
    public static Dictionary<Bytes32, int> ReadCounts(SqliteConnection connection)
    {
        var counts = new Dictionary<Bytes32, int>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT author, COUNT(*) FROM pending GROUP BY author";
        using var reader = command.ExecuteReader();
        while (reader.Read()) counts[StoredValues.Key(reader, 0, "pending")] = (int)StoredValues.Number(reader, 1, "pending");
        return counts;
    }
}
