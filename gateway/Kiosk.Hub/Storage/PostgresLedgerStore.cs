using Kiosk.Ledger;
using Npgsql;

namespace Kiosk.Hub.Storage;

/// <summary>
/// One assembly's ledger in the hub's PostgreSQL database: the same tables as a gateway's SQLite file, every row keyed
/// by the assembly too, so one database holds many assemblies. Commits are durable when PostgreSQL says so
/// (<c>synchronous_commit</c> on, the default).
/// </summary>
internal sealed class PostgresLedgerStore(NpgsqlDataSource dataSource, AssemblyId assembly, string headRecordFolder) : ILedgerStore
{
    private readonly byte[] _assembly = Bytes(assembly);

    /// <summary>The assembly id as stored (16 bytes).</summary>
    public static byte[] Bytes(AssemblyId assembly)
    {
        var bytes = new byte[AssemblyId.Length];
        assembly.Write(bytes);
        return bytes;
    }

    public string Name => $"hub database, assembly {assembly}";

    public string HeadRecordFolder => headRecordFolder;

    public ILedgerStoreSession OpenSession() => new PostgresStoreSession(dataSource, _assembly);

    /// <summary>The data source is the hub's, shared by every assembly: nothing to release here.</summary>
    public void Dispose()
    {
    }
}
