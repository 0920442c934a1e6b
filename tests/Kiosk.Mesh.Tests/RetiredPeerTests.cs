using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Mesh.Tests;

/// <summary>A gateway retired while its link is up (in process, over real TLS): the link is closed and stays refused.</summary>
public sealed class RetiredPeerTests
{
    [Fact]
    public async Task A_link_to_a_gateway_that_is_retired_is_closed_and_its_redials_are_refused()
    {
        await using var cluster = await MeshCluster.CreateAsync(3);
        await cluster.StartAsync((1, 0), (2, 0));
        await Poll.UntilAsync(() => cluster[0].Node.Status().Peers.Count(p => p.Connected) == 2, () => cluster.Log.ToString());
        Assert.Equal(3, cluster[0].Node.Status().Gateways); // "in step with N of M": M counts this gateway too

        var retired = cluster[1].Key.PublicKey;
        await cluster[0].Write(cluster.Facilitator, EventKinds.GatewayRetired,
            new GatewayRetiredBody(retired.ToHex(), cluster[0].Ledger.HeadOf(retired).Seq, 0, "the hall closed"));

        await Poll.UntilAsync(() => cluster[0].Node.Status().Peers.Single(p => p.Key == retired) is { Connected: false, LastProblem: { } problem }
            && problem.StartsWith("retired:", StringComparison.Ordinal), () => cluster.Log.ToString());
        // g2 redials (every 200 ms to 2 s here) and is refused each time, with the reason in the log.
        await Poll.UntilAsync(() => cluster.Log.Contains("refused peer connection") && cluster.Log.Contains("retired: gateway gateway-2"), () => cluster.Log.ToString());
        var status = cluster[0].Node.Status();
        Assert.False(status.Peers.Single(p => p.Key == retired).Connected);
        Assert.True(status.Peers.Single(p => p.Key == cluster[2].Key.PublicKey).Connected);
        Assert.True(status.RefusedConnections >= 2, $"refused connections counted: {status.RefusedConnections}");
        Assert.Equal(2, status.Gateways); // "in step with N of M": a retired gateway is not one of the M
        // g3 still learns of the retirement through g1.
        await Poll.UntilAsync(() => cluster[2].Ledger.Authority.Members[retired].IsRetired, () => cluster.Log.ToString());
    }
}
