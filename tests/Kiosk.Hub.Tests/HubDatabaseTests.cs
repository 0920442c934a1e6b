using Kiosk.Hub.Tests.Support;
using Kiosk.Ledger;
using Kiosk.Ledger.Tests.Support;
using Npgsql;

namespace Kiosk.Hub.Tests;

/// <summary>The hub database: versioned migrations, and many assemblies side by side in one database.</summary>
[Collection(SharedPostgres.Name)]
public sealed class HubDatabaseTests(PostgresServer postgres)
{
    [Fact]
    public async Task Migrations_are_applied_once_in_order_and_recorded()
    {
        var connection = await postgres.CreateDatabaseAsync();
        var first = await HubDatabase.MigrateAsync(connection);
        Assert.Equal(Enumerable.Range(1, HubDatabase.SchemaVersion), first);
        Assert.Empty(await HubDatabase.MigrateAsync(connection));
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations", db);
        Assert.Equal(string.Join(',', Enumerable.Range(1, HubDatabase.SchemaVersion)), await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_database_without_the_schema_is_refused_with_the_command_that_fixes_it()
    {
        var connection = await postgres.CreateDatabaseAsync();
        using var folder = new TempFolder();
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => HubDatabase.OpenAsync(connection, folder.Path));
        Assert.Contains("schema 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("kiosk hub init", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assemblies_share_one_database_and_never_see_each_others_events()
    {
        var connection = await postgres.CreateDatabaseAsync();
        await HubDatabase.MigrateAsync(connection);
        using var folder = new TempFolder();
        await using var hub = await HubDatabase.OpenAsync(connection, folder.File("heads"));
        await using var elm = Ledger.Ledger.Open(folder.File("elm.db"));
        await using var oak = Ledger.Ledger.Open(folder.File("oak.db"));
        using var elmFounder = AuthorKeyPair.Generate();
        using var oakFounder = AuthorKeyPair.Generate();
        await elm.FoundAsync(elmFounder, "Elm Street", ["en"]);
        await oak.FoundAsync(oakFounder, "Oak Road", ["en"]);
        for (var i = 0; i < 3; i++)
        {
            using var key = AuthorKeyPair.Generate();
            await elm.AppendAsync(elmFounder, EventKinds.FacilitatorAdded, Kiosk.Ledger.Bodies.BodyJson.Write(new Kiosk.Ledger.Bodies.FacilitatorAddedBody(key.PublicKey.ToHex(), $"f{i}")));
        }

        await using (var hubElm = hub.OpenLedger(elm.Assembly!.Value))
        await using (var hubOak = hub.OpenLedger(oak.Assembly!.Value))
        {
            await StoreEquivalenceTests.CopyAll(elm, hubElm);
            await StoreEquivalenceTests.CopyAll(oak, hubOak);
            Assert.Equal(elm.StateHash(), hubElm.StateHash());
            Assert.Equal(oak.StateHash(), hubOak.StateHash());
            Assert.Equal(4, hubElm.ReadAll().Count());
            Assert.Single(hubOak.ReadAll());

            // Oak's genesis offered to Elm's ledger is refused, and changes nothing there.
            var refused = await hubElm.ReceiveAsync(oak.ReadAll().First().Raw);
            Assert.Equal(RejectReason.WrongAssembly, refused.Rejection?.Reason);
            Assert.Equal(elm.StateHash(), hubElm.StateHash());
        }
        Assert.Equal(new[] { elm.Assembly!.Value, oak.Assembly!.Value }.OrderBy(a => a.ToString(), StringComparer.Ordinal), await hub.AssembliesAsync());
    }
}
