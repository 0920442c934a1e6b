using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>Queries on the <c>events</c> table outside the writer's transaction: reads for callers, and the rebuild.</summary>
internal static class EventTable
{
    /// <summary>The raw bytes of the events the <c>authority</c> column marks, in (author, seq) order.</summary>
    public static List<byte[]> ReadAuthorityRaw(SqliteConnection connection) =>
        ReadRaw(connection, "SELECT raw FROM events WHERE authority = 1 ORDER BY author, seq");

    /// <summary>The raw bytes of events <paramref name="fromSeq"/>..<paramref name="toSeq"/> of a feed, in seq order.</summary>
    public static List<byte[]> ReadFeedRaw(SqliteConnection connection, Bytes32 author, long fromSeq, long toSeq) =>
        ReadRaw(connection, "SELECT raw FROM events WHERE author = $a AND seq BETWEEN $f AND $t ORDER BY seq",
            ("$a", author.ToArray()), ("$f", fromSeq), ("$t", toSeq));

    /// <summary>Every stored event's raw bytes in (author, seq) order, streamed.</summary>
    public static IEnumerable<byte[]> StreamAllRaw(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT raw FROM events ORDER BY author, seq";
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return StoredValues.Blob(reader, 0, "events");
    }

    /// <summary>The id of event <paramref name="seq"/> of a feed, or null when the feed does not hold it.</summary>
    public static Bytes32? IdAt(SqliteConnection connection, Bytes32 author, long seq)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM events WHERE author = $a AND seq = $s";
        command.Parameters.AddWithValue("$a", author.ToArray());
        command.Parameters.AddWithValue("$s", seq);
        using var reader = command.ExecuteReader();
        return reader.Read() ? StoredValues.Key(reader, 0, "events") : null;
    }

    /// <summary>Sets every event's <c>authority</c> column from its kind: 1 for the kinds in <paramref name="authorityKinds"/>.</summary>
    public static void WriteAuthorityColumn(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> authorityKinds)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var names = authorityKinds.Select((kind, i) => (Name: $"$k{i}", Kind: kind)).ToList();
        foreach (var (name, kind) in names) command.Parameters.AddWithValue(name, kind);
        var set = names.Count == 0 ? "0" : $"CASE WHEN kind IN ({string.Join(", ", names.Select(n => n.Name))}) THEN 1 ELSE 0 END";
        command.CommandText = $"UPDATE events SET authority = {set} WHERE authority IS NOT {set}";
        command.ExecuteNonQuery();
    }

    private static List<byte[]> ReadRaw(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<byte[]>();
        while (reader.Read()) rows.Add(StoredValues.Blob(reader, 0, "events"));
        return rows;
    }
}
