using Kiosk.Devices;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Ledger;
using Kiosk.Voting.Box;
using Microsoft.Data.Sqlite;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// The gateway's SQLite files carry a schema number (<c>PRAGMA user_version</c>) and migrate forward on open. Every schema a
/// release has shipped is a fixture (<c>Fixtures/schemas/NAME-N.sql</c>, the CREATE statements recovered from git history):
/// a file of each opens, keeps its rows and is numbered; a ledger as earlier releases wrote it (the same statements, checked
/// here against the fixture) keeps its state; a file from a newer Kiosk is refused with a sentence and left unchanged.
/// </summary>
public sealed class SchemaMigrationTests : IDisposable
{
    private const long Current = 1;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "kiosk-schema-" + Guid.NewGuid().ToString("N")[..12]);

    public SchemaMigrationTests() => Directory.CreateDirectory(_data);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private static string Fixture(string name) => File.ReadAllText(Repo.Path($"tests/Kiosk.Gateway.Tests/Fixtures/schemas/{name}.sql"));

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Run(string path, string sql)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The CREATE statements of a file, as SQLite keeps them, without the IF NOT EXISTS a store adds.</summary>
    private static string Schema(string path)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name;";
        using var reader = command.ExecuteReader();
        var statements = new List<string>();
        while (reader.Read()) statements.Add(Normal(reader.GetString(0)));
        return string.Join('\n', statements);
    }

    private static string Normal(string sql) => string.Join(' ', sql.Replace("IF NOT EXISTS ", "", StringComparison.Ordinal).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    private static string SchemaOfFixture(string name)
    {
        var file = Path.Combine(Path.GetTempPath(), "kiosk-fixture-" + Guid.NewGuid().ToString("N")[..12] + ".db");
        try
        {
            Run(file, Fixture(name));
            return Schema(file);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_ledger_as_earlier_releases_wrote_it_is_numbered_and_keeps_its_state()
    {
        var data = new DataFolder(new DirectoryInfo(_data));
        await DemoAssembly.CreateAsync(data, 2, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        string before;
        using (var ledger = data.OpenLedger()) before = ledger.StateHash().ToHex();
        SqliteConnection.ClearAllPools();
        Run(data.LedgerPath, "PRAGMA user_version = 0;"); // what every release wrote before the files were numbered
        Assert.Equal(SchemaOfFixture("ledger-1"), Schema(data.LedgerPath)); // and the statements it shipped

        var status = await KioskAsync("status", "--json", "--data", _data);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(before, status.Output, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(Current, Scalar(data.LedgerPath, "PRAGMA user_version;"));
        Assert.Equal("1", Scalar(data.LedgerPath, "SELECT value FROM meta WHERE key = 'schema';"));
    }

    [Fact]
    public void A_device_registry_of_every_shipped_schema_opens_with_its_buttons()
    {
        var path = Path.Combine(_data, "devices.db");
        Run(path, Fixture("devices-1"));
        using (var registry = DeviceRegistry.Open(path))
        {
            Assert.True(registry.TryGetSecret("button-1", out var secret));
            Assert.Equal(32, secret.Length);
        }
        Assert.Equal(Current, Scalar(path, "PRAGMA user_version;"));
        Assert.Equal(SchemaOfFixture("devices-1"), Schema(path));
    }

    [Fact]
    public void A_ballot_box_of_every_shipped_schema_opens_with_its_waiting_votes()
    {
        var path = Path.Combine(_data, WaitingVoteStore.FileName);
        Run(path, Fixture("ballot-box-1"));
        var gateway = Bytes32.Read(Enumerable.Repeat((byte)1, 32).ToArray());
        var waiting = Assert.Single(new WaitingVoteStore(path).Waiting(gateway, "motion-quiet-hours"));
        Assert.Equal("ABCD-EFGH", waiting.Tracker);
        SqliteConnection.ClearAllPools();
        Assert.Equal(Current, Scalar(path, "PRAGMA user_version;"));
        Assert.Equal(SchemaOfFixture("ballot-box-1"), Schema(path));
    }

    [Fact]
    public async Task A_file_from_a_newer_kiosk_is_refused_with_a_sentence_and_left_unchanged()
    {
        var data = new DataFolder(new DirectoryInfo(_data));
        await DemoAssembly.CreateAsync(data, 2, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        SqliteConnection.ClearAllPools();
        Run(data.LedgerPath, $"PRAGMA user_version = {Current + 1};");
        var status = await KioskAsync("status", "--data", _data);
        Assert.Equal(CliRun.UserError, status.ExitCode);
        Assert.Contains($"{data.LedgerPath} is a ledger of schema {Current + 1}, written by a newer Kiosk; this program knows schemas up to {Current}", status.Error, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(Current + 1, Scalar(data.LedgerPath, "PRAGMA user_version;"));

        var devices = Path.Combine(_data, "devices.db");
        Run(devices, Fixture("devices-1") + $"PRAGMA user_version = {Current + 1};");
        var refused = Assert.Throws<InvalidDataException>(() => DeviceRegistry.Open(devices));
        Assert.Contains("is a device registry of schema 2, written by a newer Kiosk", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<CliRunner.Run> KioskAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await KioskCli.RunAsync(args, output, error);
        return new CliRunner.Run(code, output.ToString(), error.ToString());
    }
}
