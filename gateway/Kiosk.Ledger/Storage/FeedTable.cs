using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>The <c>feeds</c> projection (each author's head seq and id), and the same heads recomputed from the events.</summary>
internal static class FeedTable
{
    /// <summary>Feed heads from the feeds projection.</summary>
    public static Dictionary<Bytes32, FeedHead> ReadHeads(SqliteConnection connection)
    {
        var heads = new Dictionary<Bytes32, FeedHead>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT author, head_seq, head_id FROM feeds";
        using var reader = command.ExecuteReader();
        while (reader.Read())
            heads[StoredValues.Key(reader, 0, "feeds")] = new FeedHead(StoredValues.Number(reader, 1, "feeds"), StoredValues.Key(reader, 2, "feeds"));
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
            heads[StoredValues.Key(reader, 0, "events")] = new FeedHead(StoredValues.Number(reader, 1, "events"), StoredValues.Key(reader, 2, "events"));
        return heads;
    }

    /// <summary>Replaces the feeds projection with <paramref name="heads"/>.</summary>
    public static void WriteAll(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyDictionary<Bytes32, FeedHead> heads)
    {
        SqliteLedgerStore.Execute(connection, "DELETE FROM feeds;", transaction);
        using var upsert = new HeadWriter(connection, transaction);
        foreach (var (author, head) in heads) upsert.Write(author, head);
    }
}
