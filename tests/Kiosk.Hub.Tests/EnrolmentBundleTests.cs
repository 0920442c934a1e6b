using System.Net;
using Kiosk.Devices;
using Kiosk.Hub.Tests.Support;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Hub.Tests;

/// <summary>
/// A new gateway starts from the hub's enrolment bundle: it makes its key and request on an empty folder, a facilitator
/// enrols that key, the hub checks the request against its ledger and writes the bundle (ledger, pinned keys, broker URL
/// and CA, certificate), and the gateway joins from it and syncs through the hub's TLS broker.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class EnrolmentBundleTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_new_gateway_starts_from_the_hubs_bundle_and_syncs_through_the_hub()
    {
        var (lab, codes) = await HubLab.CreateAsync(postgres, count: 1, ballot: "paint", codes: 2, tls: true);
        await using var _ = lab;
        await lab.StartHubAsync();
        await lab.StartAsync(0);
        using var fresh = new TempFolder();
        var g3 = fresh.File("g3");
        var ca = Path.Combine(lab.BrokerFolder, "ca.crt");

        // The new gateway's empty folder: its key and signed request, for this assembly and this hub.
        var key = (await KioskCliRun.Ok(g3, "hub", "request", "--assembly", lab.Assembly, "--name", "g3", "--ca", ca, "--output", fresh.File("g3.request.json"), "--json"))
            .Json.GetProperty("key").GetString()!;

        // Before a facilitator enrols that key, the hub refuses it a bundle, and writes nothing.
        var early = await KioskCliRun.Kiosk(lab.HubData, "hub", "bundle", "--request", fresh.File("g3.request.json"), "--output", fresh.File("g3.bundle"));
        Assert.NotEqual(0, early.ExitCode);
        Assert.Contains("is not an enrolled gateway or hub", early.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(fresh.File("g3.bundle")));

        // A facilitator enrols it on g1 (stopped for the write, then back); the hub holds the enrolment once in step.
        await lab.StopAsync(0);
        await KioskCliRun.Ok(lab.Data(0), "gateway", "enrol", "--name", "g3", "--key", key);
        await lab.StartAsync(0);
        await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        await KioskCliRun.Ok(lab.HubData, "hub", "bundle", "--request", fresh.File("g3.request.json"), "--output", fresh.File("g3.bundle"));

        // A bundle for another folder's request is not taken: the pins are what this folder asked for.
        var other = fresh.File("other");
        await KioskCliRun.Ok(other, "hub", "request", "--assembly", lab.Assembly, "--name", "g3", "--ca", ca, "--output", fresh.File("other.request.json"));
        var wrong = await KioskCliRun.Kiosk(other, "hub", "join", "--bundle", fresh.File("g3.bundle"));
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.False(File.Exists(Path.Combine(other, "ledger.db")));

        // g3 joins from its bundle and runs: it syncs through the hub, and sees g1's vote. g3 is compared with the hub's
        // state as it is when each poll looks, not a hash read before: g3's own events reach the hub meanwhile.
        await KioskCliRun.Ok(g3, "hub", "join", "--bundle", fresh.File("g3.bundle"));
        await using var process = await GatewayProcess.StartAsync("g3", g3, "gateway-g3", FreePort.On(IPAddress.Loopback));
        await lab.VoteAsync(0, codes[0], "a");
        await lab.CountedAsync(0, "paint", 1);
        await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow); // the hub holds g1's vote
        await lab.InStepWithHubAsync(process, DateTimeOffset.UtcNow);
        using var results = System.Text.Json.JsonDocument.Parse((await KioskCliRun.Ok(g3, "results", "--ballot", "paint", "--json")).Output);
        Assert.Equal(1, results.RootElement[0].GetProperty("counted").GetInt32());
    }
}
