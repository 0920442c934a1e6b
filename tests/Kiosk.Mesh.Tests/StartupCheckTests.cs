using System.Net;
using System.Net.Sockets;
using Kiosk.Ledger;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Tests.Support;
using Kiosk.Voting.Ballots;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// The start-up check (docs/mesh.md, "Rollback"): a gateway with configured peers writes nothing of its own until each
/// has answered — its have checked against the gateway's own feeds, or a failed dial — or the check's time is up.
/// </summary>
public sealed class StartupCheckTests
{
    private static NoticePostedBody Notice(string id) => new(id, new() { ["en"] = id }, new() { ["en"] = "Text" });

    private static MeshNode Node(MeshGateway gateway, MeshCluster cluster, Uri peer, TimeSpan check) => new(new MeshOptions
    {
        Ledger = gateway.Ledger, GatewayKey = gateway.Key, Certificate = gateway.Certificate, LoggerFactory = cluster.Log,
        Peers = [new PeerEntry("hall", peer)], StartupCheck = check, RedialInitial = TimeSpan.FromSeconds(30),
    });

    private static Task<AppendResult> WriteOwnAsync(MeshGateway gateway) =>
        gateway.Ledger.AppendAsync(gateway.Key, VotingKinds.CloseSeen, Kiosk.Ledger.Bodies.BodyJson.Write(new CloseSeenBody("lift", null)));

    [Fact]
    public async Task Own_feeds_are_held_until_the_configured_peer_answers_even_by_failing()
    {
        await using var cluster = await MeshCluster.CreateAsync(1);
        var g1 = cluster[0];
        var closedPort = Kiosk.Devices.FreePort.On(IPAddress.Loopback);
        await using (var node = Node(g1, cluster, new Uri($"mqtts://127.0.0.1:{closedPort}"), TimeSpan.FromMinutes(5)))
        {
            var held = await WriteOwnAsync(g1);
            Assert.Equal(RejectReason.FeedHeld, held.Rejection?.Reason);
            Assert.Equal(MeshNode.StartupHold, g1.Ledger.WhyFeedHeld(g1.Key.PublicKey));
            Assert.Equal(MeshNode.StartupHold, node.Status().Recovering);
            Assert.True((await g1.Write(cluster.Facilitator, VotingKinds.NoticePosted, Notice("others-write"))).Seq > 0);

            node.Start(); // nothing listens there: the dial fails at once, and the check is over
            // The node releases the feeds, then logs why: wait for both, not for the release and then read the log at once.
            await Poll.UntilAsync(() => g1.Ledger.WhyFeedHeld(g1.Key.PublicKey) is null && cluster.Log.Contains("start-up check over (every configured peer answered)"),
                () => cluster.Log.ToString());
            Assert.True((await WriteOwnAsync(g1)).IsCommitted);
        }
    }

    [Fact]
    public async Task A_peer_that_never_answers_holds_a_gateway_no_longer_than_the_check_lasts()
    {
        await using var cluster = await MeshCluster.CreateAsync(1);
        var g1 = cluster[0];
        // Takes the TCP connection and says nothing: the TLS handshake waits.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () => { while (true) accepted.Add(await silent.AcceptTcpClientAsync()); });
        await using var node = Node(g1, cluster, new Uri($"mqtts://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"), TimeSpan.FromSeconds(1));
        Assert.Equal(RejectReason.FeedHeld, (await WriteOwnAsync(g1)).Rejection?.Reason);
        node.Start();
        await Poll.UntilAsync(() => g1.Ledger.WhyFeedHeld(g1.Key.PublicKey) is null && cluster.Log.Contains("not every configured peer answered within 1 s"),
            () => cluster.Log.ToString());
        Assert.True((await WriteOwnAsync(g1)).IsCommitted);
        foreach (var client in accepted.ToList()) client.Dispose();
    }
}
