using Kiosk.Hub.Tests.Support;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Hub.Tests;

/// <summary>
/// The hub and a gateway syncing through a real 3-node NATS cluster's MQTT listeners (MQTT 3.1.1, JetStream), each
/// given every node and starting on a different one, so every message crosses the cluster's routes; the hub's node is
/// killed in the middle of the catch-up, and the sync completes through the other two.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class NatsClusterTests(PostgresServer postgres)
{
    private const int Notices = 10_000;

    [Fact]
    public async Task A_catch_up_survives_the_loss_of_the_hubs_node_and_a_live_vote_follows()
    {
        await using var nats = await NatsCluster.StartAsync();
        var (lab, codes) = await HubLab.CreateAsync(postgres, count: 1, ballot: "paint", codes: 1, hubBroker: nats.MqttUrls(0, 1, 2), gatewayBroker: nats.MqttUrls(2, 1, 0));
        await using var owned = lab;
        await lab.WriteNoticesAsync(0, Notices);

        // The hub (on node 1) catches up the gateway's offline notices (the gateway on node 3)...
        await lab.StartHubAsync();
        var before = 0L;
        await Poll.UntilAsync(() => (before = lab.Hub!.Status(lab.Assembly)?.Events ?? 0) > 0, () => lab.Hub!.Output, TimeSpan.FromSeconds(60));
        await lab.StartAsync(0);
        long taken = 0;
        await Poll.UntilAsync(() => (taken = lab.Hub!.Status(lab.Assembly)?.Events ?? 0) > before + 200,
            () => $"the hub took nothing from g1:\n{lab.Hub!.Output}\n{nats.Output}", TimeSpan.FromSeconds(120));

        // ...when node 1 dies (SIGKILL). The hub moves to node 2 and the catch-up completes through nodes 2 and 3.
        await nats.StopAsync(0);
        Assert.True(taken < before + Notices, $"the catch-up was over before the node was killed ({taken} events): nothing was interrupted");
        await InStepAsync(lab, nats);
        Assert.Equal(lab.Gateways[0]!.Status!.Events, lab.Hub!.Status(lab.Assembly)!.Events);
        Assert.Contains($"connection to broker {nats.MqttUrl(0).Authority} lost", lab.Hub.Output, StringComparison.Ordinal);

        // A live vote then travels the same way.
        await lab.VoteAsync(0, codes[0], "a");
        await lab.CountedAsync(0, "paint", 1);
        await InStepAsync(lab, nats);
        Assert.Equal(lab.Gateways[0]!.Status!.Events, lab.Hub!.Status(lab.Assembly)!.Events);
    }

    private static async Task InStepAsync(HubLab lab, NatsCluster nats)
    {
        try
        {
            await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        }
        catch (Xunit.Sdk.FailException e)
        {
            Assert.Fail($"{e.Message}\n--- nats ---\n{Tail(nats.Output)}");
        }
    }

    private static string Tail(string text) => text.Length <= 6_000 ? text : text[^6_000..];
}
