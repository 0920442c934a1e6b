using Kiosk.Hub.Tests.Support;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Npgsql;

namespace Kiosk.Hub.Tests;

/// <summary>
/// The hub's connections: every assembly's ledger shares the hub's one pool and takes a connection only for an
/// operation, so a hub holds more open assemblies than its pool has connections and still writes to every one.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class HubConnectionPoolTests(PostgresServer postgres)
{
    private const int PoolSize = 3;
    private const int Assemblies = 10;

    [Fact]
    public async Task A_hub_with_more_open_assemblies_than_pool_connections_keeps_storing_and_answering()
    {
        // A small pool and a short wait for a free connection: a ledger that pinned one would exhaust it in seconds.
        var builder = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { MaxPoolSize = PoolSize, Timeout = 3 };
        await HubDatabase.MigrateAsync(builder.ToString());
        using var folder = new TempFolder();
        await using var hub = await HubDatabase.OpenAsync(builder.ToString(), folder.File("heads"));

        var gateways = new List<Ledger.Ledger>();
        var replicas = new List<Ledger.Ledger>();
        try
        {
            for (var i = 0; i < Assemblies; i++)
            {
                var gateway = Ledger.Ledger.Open(folder.File($"gateway{i}.db"));
                gateways.Add(gateway);
                using var founder = AuthorKeyPair.Generate();
                await gateway.FoundAsync(founder, $"Street {i}", ["en"]);
                using var facilitator = AuthorKeyPair.Generate();
                await gateway.AppendAsync(founder, EventKinds.FacilitatorAdded, BodyJson.Write(new FacilitatorAddedBody(facilitator.PublicKey.ToHex(), "f")));
                // Every replica is open (its writer running) before any is written to, as in a running hub.
                replicas.Add(hub.OpenLedger(gateway.Assembly!.Value));
            }

            // All assemblies written at once: more writers than connections, each waits its turn for one.
            await Task.WhenAll(Enumerable.Range(0, Assemblies).Select(i => StoreEquivalenceTests.CopyAll(gateways[i], replicas[i])));
            for (var i = 0; i < Assemblies; i++)
            {
                Assert.Equal(gateways[i].StateHash(), replicas[i].StateHash());
                Assert.Equal(2, replicas[i].ReadAll().Count());
            }
            Assert.Null(await hub.PingAsync());
            Assert.Equal(Assemblies, (await hub.AssembliesAsync()).Count);
        }
        finally
        {
            foreach (var ledger in replicas.Concat(gateways)) await ledger.DisposeAsync();
        }
    }
}
