using System.Text.Json;
using Kiosk.Hub.Tests.Support;

namespace Kiosk.Hub.Tests;

/// <summary>
/// Gateways (<c>kiosk run</c>) and a hub (<c>kiosk hub run</c>, PostgreSQL) replicating through a real Mosquitto:
/// the hub ends with the gateway's state hash, and two gateways that are never up at the same time converge through it.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class HubSyncTests(PostgresServer postgres)
{
    [Fact]
    public async Task Two_gateways_that_never_meet_converge_through_the_hub()
    {
        var (lab, codes) = await HubLab.CreateAsync(postgres, count: 2, ballot: "paint", codes: 4);
        await using var _ = lab;
        await lab.StartHubAsync();

        // g1 alone: its vote reaches the hub, whose PostgreSQL replica then has g1's state.
        await lab.StartAsync(0);
        await lab.VoteAsync(0, codes[0], "a");
        await lab.CountedAsync(0, "paint", 1);
        var afterFirst = await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        var events = lab.Gateways[0]!.Status!.Events;
        await lab.StopAsync(0);

        // The hub's operations pages say so: healthy, holding the gateway's events, both gateways enrolled.
        using var http = new HttpClient { BaseAddress = lab.Hub!.Web };
        Assert.Contains("\"status\":\"ok\"", await http.GetStringAsync("health"), StringComparison.Ordinal);
        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains($"kiosk_hub_events{{assembly=\"{lab.Assembly}\"}} {events}\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"kiosk_hub_gateways_enrolled{{assembly=\"{lab.Assembly}\"}} 2\n", metrics, StringComparison.Ordinal);

        // g2 alone (g1 is down): it gets g1's vote from the hub and adds its own.
        await lab.StartAsync(1);
        await lab.VoteAsync(1, codes[1], "b");
        await lab.CountedAsync(1, "paint", 2);
        var afterSecond = await lab.InStepWithHubAsync(1, DateTimeOffset.UtcNow);
        Assert.NotEqual(afterFirst, afterSecond);
        await lab.StopAsync(1);

        // g1 again: it gets g2's vote from the hub; both folders give the same results, counting both votes.
        await lab.StartAsync(0);
        Assert.Equal(afterSecond, await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow));
        await lab.StopAsync(0);
        var first = await lab.ResultsAsync(0, "paint");
        Assert.Equal(first, await lab.ResultsAsync(1, "paint"));
        Assert.Equal(2, JsonDocument.Parse(first).RootElement[0].GetProperty("counted").GetInt32());
    }
}
