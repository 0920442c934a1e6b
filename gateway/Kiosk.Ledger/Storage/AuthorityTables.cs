using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Storage;

/// <summary>The <c>members</c> and <c>devices</c> projections of the authority table.</summary>
internal static class AuthorityTables
{
    /// <summary>Replaces the members and devices projections with <paramref name="table"/>.</summary>
    public static void Write(SqliteConnection connection, SqliteTransaction transaction, AuthorityTable table)
    {
        SqliteLedgerStore.Execute(connection, "DELETE FROM members; DELETE FROM devices;", transaction);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO members(key, role, name, valid_through) VALUES($k, $r, $n, $v)";
            var k = insert.Parameters.Add("$k", SqliteType.Blob);
            var r = insert.Parameters.Add("$r", SqliteType.Text);
            var n = insert.Parameters.Add("$n", SqliteType.Text);
            var v = insert.Parameters.Add("$v", SqliteType.Integer);
            foreach (var m in table.Members.Values)
            {
                k.Value = m.Key.ToArray();
                r.Value = m.Role.ToString();
                n.Value = m.Name;
                v.Value = m.ValidThroughSeq;
                insert.ExecuteNonQuery();
            }
        }
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO devices(device, gateway, label, member, revoked) VALUES($d, $g, $l, $m, $r)";
            var d = insert.Parameters.Add("$d", SqliteType.Text);
            var g = insert.Parameters.Add("$g", SqliteType.Blob);
            var l = insert.Parameters.Add("$l", SqliteType.Text);
            var m = insert.Parameters.Add("$m", SqliteType.Text);
            var r = insert.Parameters.Add("$r", SqliteType.Integer);
            foreach (var device in table.Devices.Values)
            {
                d.Value = device.Device;
                g.Value = device.Gateway.ToArray();
                l.Value = device.Label;
                m.Value = (object?)device.Member ?? DBNull.Value;
                r.Value = device.Revoked ? 1 : 0;
                insert.ExecuteNonQuery();
            }
        }
    }
}
