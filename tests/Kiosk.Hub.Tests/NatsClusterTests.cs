using Kiosk.Hub.Tests.Support;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Hub.Tests;

/// <summary>
/// The hub and a gateway syncing through a real 3-node NATS cluster's MQTT listeners (MQTT 3.1.1, JetStream), each
/// connected to a different node, so every message crosses the cluster's routes.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class NatsClusterTests(PostgresServer postgres)
{
    private const int Notices = 2_000;

    [Fact]
    public async Task A_catch_up_and_a_live_vote_go_through_a_three_node_NATS_cluster()
    {
        await using var nats = await NatsCluster.StartAsync();
        var (lab, codes) = await HubLab.CreateAsync(postgres, count: 1, ballot: "paint", codes: 1, hubBroker: nats.MqttUrl(0), gatewayBroker: nats.MqttUrl(1));
        await using var owned = lab;
        await lab.WriteNoticesAsync(0, Notices);

        // The hub (on node 1) catches up the gateway's offline notices (the gateway on node 2)...
        await lab.StartHubAsync();
        await lab.StartAsync(0);
        await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        Assert.Equal(lab.Gateways[0]!.Status!.Events, lab.Hub!.Status(lab.Assembly)!.Events);

        // ...and then gets a live vote the same way.
        await lab.VoteAsync(0, codes[0], "a");
        await lab.CountedAsync(0, "paint", 1);
        await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        Assert.Equal(lab.Gateways[0]!.Status!.Events, lab.Hub!.Status(lab.Assembly)!.Events);
    }
}
