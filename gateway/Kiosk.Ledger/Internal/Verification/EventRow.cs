namespace Kiosk.Ledger.Internal.Verification;

/// <summary>An <c>events</c> row whose columns have the types the ledger writes (its bytes are not trusted yet).</summary>
internal sealed record EventRow(Bytes32 Author, long Seq, Bytes32 Id, string Kind, long Authority, byte[] Raw)
{
    /// <summary>The typed row, or null with what is wrong with its columns.</summary>
    public static EventRow? From(object?[] row, out string? problem)
    {
        problem = RowValue.Join(
            RowValue.NotKey("author", row[0]), RowValue.NotNumber("seq", row[1]), RowValue.NotKey("id", row[2]),
            RowValue.NotText("kind", row[3]), RowValue.NotNumber("authority", row[4]), RowValue.NotBlob("raw", row[5]));
        if (problem is not null) return null;
        return new EventRow(Bytes32.Read((byte[])row[0]!), (long)row[1]!, Bytes32.Read((byte[])row[2]!), (string)row[3]!, (long)row[4]!, (byte[])row[5]!);
    }
}
