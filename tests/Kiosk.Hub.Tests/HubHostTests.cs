using Kiosk.Hub.Tests.Support;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Hub.Tests;

/// <summary>The running hub, in this process.</summary>
[Collection(SharedPostgres.Name)]
public sealed class HubHostTests(PostgresServer postgres)
{
    [Fact]
    public async Task An_assembly_imported_while_the_hub_runs_is_served_without_a_restart()
    {
        var connection = await postgres.CreateDatabaseAsync();
        await HubDatabase.MigrateAsync(connection);
        using var folder = new TempFolder();
        await using var broker = await MosquittoBroker.StartAsync();
        await using var database = await HubDatabase.OpenAsync(connection, folder.File("heads"));
        using var hubKey = AuthorKeyPair.Generate();
        using var certificate = PeerCertificate.LoadOrCreate(folder.File("hub.pfx"), hubKey.PublicKey);
        await using var hub = await HubHost.StartAsync(new HubOptions
        {
            Database = database, HubKey = hubKey, Certificate = certificate, Broker = broker.Url, AssemblyScanInterval = TimeSpan.FromMilliseconds(200),
        });
        Assert.Empty(hub.Status());

        // Another process (kiosk hub import) adds an assembly that enrols this hub.
        await using (var elm = Ledger.Ledger.Open(folder.File("elm.db")))
        {
            using var founder = AuthorKeyPair.Generate();
            await elm.FoundAsync(founder, "Elm Street", ["en"]);
            await elm.AppendAsync(founder, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(hubKey.PublicKey.ToHex(), "coop-hub", GatewayEnrolledBody.HubRole)));
            await using var imported = database.OpenLedger(elm.Assembly!.Value);
            await StoreEquivalenceTests.CopyAll(elm, imported);
            await Poll.UntilAsync(() => hub.Status().Count == 1, () => "the hub did not pick the assembly up", TimeSpan.FromSeconds(30));
            Assert.Equal(elm.Assembly!.Value, hub.Status()[0].Assembly);
            Assert.Equal(elm.StateHash(), hub.Status()[0].Mesh.StateHash);
        }
    }
}
