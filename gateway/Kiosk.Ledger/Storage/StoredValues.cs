using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>
/// Reads typed values from rows the ledger wrote, refusing what it could not have written (SQLite does not enforce
/// column types) with <see cref="InvalidDataException"/>, never a crash deeper down.
/// </summary>
internal static class StoredValues
{
    public static Bytes32 Key(SqliteDataReader reader, int column, string table) =>
        reader.GetValue(column) is byte[] { Length: Bytes32.Length } bytes
            ? Bytes32.Read(bytes)
            : throw Malformed(table, reader.GetName(column), "is not 32 bytes");

    public static long Number(SqliteDataReader reader, int column, string table) =>
        reader.GetValue(column) is long value ? value : throw Malformed(table, reader.GetName(column), "is not an integer");

    public static byte[] Blob(SqliteDataReader reader, int column, string table) =>
        reader.GetValue(column) as byte[] ?? throw Malformed(table, reader.GetName(column), "is not a blob");

    private static InvalidDataException Malformed(string table, string column, string what) =>
        new($"a {table} row's {column} {what}: the ledger file was altered; run kiosk verify");
}
