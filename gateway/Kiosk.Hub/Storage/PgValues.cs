using Kiosk.Ledger;
using Npgsql;

namespace Kiosk.Hub.Storage;

/// <summary>Typed reads of the hub's rows; a value the ledger could not have written throws <see cref="InvalidDataException"/>.</summary>
internal static class PgValues
{
    public static Bytes32 Key(NpgsqlDataReader reader, int column, string table) =>
        reader.GetValue(column) is byte[] { Length: Bytes32.Length } bytes
            ? Bytes32.Read(bytes)
            : throw new InvalidDataException($"a {table} row's {reader.GetName(column)} is not 32 bytes: the hub database was altered");

    /// <summary>A command on <paramref name="connection"/> with positional parameters <c>$1</c>, <c>$2</c>… bound to <paramref name="values"/>.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
