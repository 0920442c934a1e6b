using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>A prepared upsert of the feeds projection, reused across a transaction.</summary>
internal sealed class HeadWriter : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter _author;
    private readonly SqliteParameter _seq;
    private readonly SqliteParameter _id;

    public HeadWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = "INSERT INTO feeds(author, head_seq, head_id) VALUES($a, $s, $i) ON CONFLICT(author) DO UPDATE SET head_seq = excluded.head_seq, head_id = excluded.head_id";
        _author = _command.Parameters.Add("$a", SqliteType.Blob);
        _seq = _command.Parameters.Add("$s", SqliteType.Integer);
        _id = _command.Parameters.Add("$i", SqliteType.Blob);
    }

    public void Write(Bytes32 author, FeedHead head)
    {
        _author.Value = author.ToArray();
        _seq.Value = head.Seq;
        _id.Value = head.Id.ToArray();
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
