using System.Globalization;
using Kiosk.Hub.Storage;
using Kiosk.Ledger;
using Npgsql;

namespace Kiosk.Hub;

/// <summary>
/// The hub's PostgreSQL database: many assemblies' ledgers in one database, each opened as an ordinary
/// <see cref="Ledger"/> (the same checks, authority rule, pending events, forks and state hash as a gateway's
/// SQLite file). <see cref="MigrateAsync"/> brings the schema to this program's version (<c>kiosk hub init</c>);
/// <see cref="OpenAsync"/> refuses a database at another version.
/// </summary>
public sealed class HubDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>Key of the advisory lock that serialises migrations (two hubs starting at once migrate once).</summary>
    private const long MigrationLock = 0x4b494f534b485542; // "KIOSKHUB"

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _headRecordRoot;

    private HubDatabase(NpgsqlDataSource dataSource, string headRecordRoot)
    {
        _dataSource = dataSource;
        _headRecordRoot = headRecordRoot;
    }

    /// <summary>The most connections the hub holds when its connection string does not say (<c>Maximum Pool Size</c>).</summary>
    public const int DefaultPoolSize = 90;

    /// <summary>The schema version this program reads and writes.</summary>
    public static int SchemaVersion => HubMigrations.Latest;

    /// <summary>
    /// Applies the migrations <paramref name="connectionString"/>'s database lacks, in order, each in its own
    /// transaction; returns the versions applied (none when it was up to date). A database newer than this program
    /// is refused.
    /// </summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_migrations(
              version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken).ConfigureAwait(false);
        var applied = new List<int>();
        foreach (var migration in HubMigrations.All)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock.ToString(CultureInfo.InvariantCulture)})", cancellationToken).ConfigureAwait(false);
            var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (current > HubMigrations.Latest)
                throw new InvalidDataException($"the hub database is at schema {current}; this program knows schema {HubMigrations.Latest}: upgrade the program");
            if (current >= migration.Version) continue;
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations(version, description) VALUES($1, $2)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Description });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            applied.Add(migration.Version);
        }
        return applied;
    }

    /// <summary>
    /// Opens the hub database at <paramref name="connectionString"/>; head records of the feeds the hub writes go under
    /// <paramref name="headRecordRoot"/> (one folder per assembly). Throws <see cref="InvalidDataException"/> when the
    /// schema is not this program's (run <c>kiosk hub init</c>).
    /// </summary>
    public static async Task<HubDatabase> OpenAsync(string connectionString, string headRecordRoot, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The ledger's statements repeat endlessly: let Npgsql prepare them once per physical connection.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        // Connections are taken per read or commit, so a few serve every assembly; a pool grown to Npgsql's default 100
        // under a burst would take all of PostgreSQL's default max_connections (100) and lock out anything else.
        if (!SetsPoolSize(connectionString)) builder.ConnectionStringBuilder.MaxPoolSize = DefaultPoolSize;
        var dataSource = builder.Build();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var version = await CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
            if (version != HubMigrations.Latest)
                throw new InvalidDataException($"the hub database is at schema {version}; this program needs schema {HubMigrations.Latest}: run kiosk hub init");
            return new HubDatabase(dataSource, Path.GetFullPath(headRecordRoot));
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The assemblies the database holds, in id order.</summary>
    public async Task<IReadOnlyList<AssemblyId>> AssembliesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT assembly FROM assemblies ORDER BY assembly", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var assemblies = new List<AssemblyId>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) assemblies.Add(AssemblyId.Read((byte[])reader.GetValue(0)));
        return assemblies;
    }

    /// <summary>
    /// Opens <paramref name="assembly"/>'s ledger, adding the assembly to the database when it is new. Its events, once
    /// received, are checked exactly as a gateway checks them; the ledger refuses events of any other assembly.
    /// </summary>
    public Kiosk.Ledger.Ledger OpenLedger(AssemblyId assembly, LedgerOptions? options = null)
    {
        using (var connection = _dataSource.OpenConnection())
        using (var command = new NpgsqlCommand("INSERT INTO assemblies(assembly) VALUES($1) ON CONFLICT DO NOTHING", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = PostgresLedgerStore.Bytes(assembly) });
            command.ExecuteNonQuery();
        }
        var folder = Path.Combine(_headRecordRoot, assembly.ToString());
        // No idle check for other writers' commits: the hub is its rows' only writer, and the store could not see such
        // commits anyway (it has no data version), so the check would only wake each assembly's writer twice a second.
        return Kiosk.Ledger.Ledger.Open(new PostgresLedgerStore(_dataSource, assembly, folder), (options ?? new LedgerOptions()) with { Assembly = assembly, ExternalWriteCheck = null });
    }

    /// <summary>Null when the database answers a query now; otherwise what went wrong (for <c>/health</c>).</summary>
    public async Task<string?> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return e.Message;
        }
    }

    private static bool SetsPoolSize(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() is "MAXIMUMPOOLSIZE" or "MAXPOOLSIZE");
    }

    private static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // Two statements: PostgreSQL resolves every table a statement names before running it, even in an untaken branch.
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection, transaction))
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true) return 0;
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", connection, transaction);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();
}
