using Microsoft.Data.Sqlite;

namespace Kiosk.Tools;

/// <summary>
/// Reads a running gateway's ledger file from outside, read-only (SQLite WAL lets a reader look while the gateway
/// writes): how many events it has committed, cheaply enough to ask every millisecond (the sum of its feeds' heads, a
/// table of tens of rows), and the size of the events of some kinds.
/// </summary>
internal sealed class LedgerProbe : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _count;

    public LedgerProbe(string ledgerPath)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ledgerPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        _connection.Open();
        _count = _connection.CreateCommand();
        _count.CommandText = "SELECT coalesce(sum(head_seq), 0) FROM feeds";
        _count.Prepare();
    }

    /// <summary>Events committed (contiguous feeds: the sum of their heads).</summary>
    public long Events() => (long)_count.ExecuteScalar()!;

    /// <summary>Each feed's head seq, by author (hex).</summary>
    public Dictionary<string, long> Heads()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT hex(author), head_seq FROM feeds";
        using var reader = command.ExecuteReader();
        var heads = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read()) heads[reader.GetString(0)] = reader.GetInt64(1);
        return heads;
    }

    /// <summary>The ballot box <paramref name="gateway"/> declared (its first <c>BallotBoxKeyed</c>), as upper-case hex like <see cref="Heads"/>; null before it did.</summary>
    public string? BoxOf(Kiosk.Ledger.Bytes32 gateway)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT raw FROM events WHERE kind = $k AND author = $a ORDER BY seq";
        command.Parameters.AddWithValue("$k", Kiosk.Ledger.EventKinds.BallotBoxKeyed);
        command.Parameters.AddWithValue("$a", gateway.ToArray());
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (Kiosk.Ledger.EventEncoding.TryDecode((byte[])reader[0], out var e, out _)
                && Kiosk.Ledger.Bodies.BodyJson.TryRead<Kiosk.Ledger.Bodies.BallotBoxKeyedBody>(e.Body, out var body, out _))
                return body.Box.ToUpperInvariant();
        }
        return null;
    }

    /// <summary>The number and total bytes of the committed events of <paramref name="kinds"/>.</summary>
    public (long Count, long Bytes) Sizes(params string[] kinds)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT count(*), coalesce(sum(length(raw)), 0) FROM events WHERE kind IN ({string.Join(',', kinds.Select((_, i) => "$k" + i))})";
        for (var i = 0; i < kinds.Length; i++) command.Parameters.AddWithValue("$k" + i, kinds[i]);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public void Dispose()
    {
        _count.Dispose();
        _connection.Dispose();
    }
}
