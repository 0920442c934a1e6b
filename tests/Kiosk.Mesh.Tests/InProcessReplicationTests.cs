using Kiosk.Mesh.Tests.Support;
using Kiosk.Voting.Ballots;

namespace Kiosk.Mesh.Tests;

/// <summary>The real protocol between mesh nodes in one process: TLS on 127.0.0.1, MQTTnet broker and clients, SQLite ledgers.</summary>
public sealed class InProcessReplicationTests
{
    private static NoticePostedBody Notice(string id) => new(id, new() { ["en"] = $"Notice {id}" }, new() { ["en"] = "Text" });

    [Fact]
    public async Task A_notice_written_before_the_link_reaches_the_peer_by_catch_up()
    {
        await using var cluster = await MeshCluster.CreateAsync(2);
        var notice = await cluster[0].Write(cluster.Facilitator, VotingKinds.NoticePosted, Notice("before"));
        await cluster.StartAsync((0, 1));
        await Poll.UntilAsync(() => cluster[1].Ledger.Holds(notice.Author, notice.Seq, notice.Id), () => cluster.Log.ToString());
        await cluster.ConvergedAsync();
    }

    [Fact]
    public async Task Events_written_on_both_sides_after_the_link_is_up_travel_live_both_ways()
    {
        await using var cluster = await MeshCluster.CreateAsync(2);
        await cluster.StartAsync((0, 1));
        await Poll.UntilAsync(() => cluster[0].Node.Status().Peers.Any(p => p.Connected) && cluster[1].Node.Status().Peers.Any(p => p.Connected), () => cluster.Log.ToString());
        for (var i = 0; i < 20; i++)
        {
            await cluster[0].Write(cluster.Facilitator, VotingKinds.NoticePosted, Notice($"from-one-{i}"));
            await cluster[1].Write(cluster.Founder, VotingKinds.NoticePosted, Notice($"from-two-{i}"));
        }
        await cluster.ConvergedAsync();
        Assert.Equal(cluster[0].Ledger.Vector.TotalEvents, cluster[1].Ledger.Vector.TotalEvents);
    }

    [Fact]
    public async Task A_line_of_three_relays_from_one_end_to_the_other()
    {
        await using var cluster = await MeshCluster.CreateAsync(3);
        await cluster.StartAsync((0, 1), (1, 2));
        var notice = await cluster[0].Write(cluster.Facilitator, VotingKinds.NoticePosted, Notice("far"));
        await Poll.UntilAsync(() => cluster[2].Ledger.Holds(notice.Author, notice.Seq, notice.Id), () => cluster.Log.ToString());
        await cluster.ConvergedAsync();
        // Haves follow a change within a second: then the middle gateway sees both ends in step (and itself).
        await Poll.UntilAsync(() => cluster[1].Node.Status().InStepWith == 3, () => $"in step with {cluster[1].Node.Status().InStepWith}");
        var status = cluster[1].Node.Status();
        Assert.Equal(2, status.Peers.Count(p => p.Connected));
        Assert.Equal(3, status.Gateways);
    }

    [Fact]
    public async Task Two_events_at_one_seq_become_a_fork_that_every_gateway_records_alike()
    {
        await using var cluster = await MeshCluster.CreateAsync(3);
        // The facilitator signs two different events as its next one, at the two ends of a line.
        var one = await cluster[0].Write(cluster.Facilitator, VotingKinds.NoticePosted, Notice("here"));
        var two = await cluster[2].Write(cluster.Facilitator, VotingKinds.NoticePosted, Notice("there"));
        Assert.Equal(one.Seq, two.Seq);
        await cluster.StartAsync((0, 1), (1, 2));
        await Poll.UntilAsync(() => cluster.Gateways.All(g => g.Ledger.Forks.GetValueOrDefault(cluster.Facilitator.PublicKey) == one.Seq),
            () => string.Join(", ", cluster.Gateways.Select(g => $"{g.Name}: forks {string.Join(' ', g.Ledger.Forks.Select(f => $"{f.Key.ShortHex}#{f.Value}"))}")) + "\n" + cluster.Log);
        await cluster.ConvergedAsync();
        Assert.All(cluster.Gateways, g => Assert.Equal(2, g.Ledger.ReadForkProof(cluster.Facilitator.PublicKey).Count));
    }

    [Fact]
    public async Task A_full_live_queue_falls_back_to_catch_up_and_loses_nothing()
    {
        await using var cluster = await MeshCluster.CreateAsync(2);
        cluster.LiveQueueLimit = 2;
        await cluster.StartAsync((0, 1));
        await Poll.UntilAsync(() => cluster[0].Node.Status().Peers.Any(p => p.Connected), () => cluster.Log.ToString());
        // Written concurrently, so commits carry many events at once: more than the queue holds.
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => cluster[0].Write(cluster.Facilitator, VotingKinds.NoticePosted, Notice($"burst-{i}"))));
        await cluster.ConvergedAsync();
        Assert.Equal(cluster[0].Ledger.Vector.TotalEvents, cluster[1].Ledger.Vector.TotalEvents);
        Assert.True(cluster[0].Node.Status().Peers.Single().Metrics.LiveOverflows > 0, "the queue never overflowed: the test did not test the fall-back");
    }

    [Fact]
    public async Task Thousands_of_events_catch_up_over_several_wants()
    {
        await using var cluster = await MeshCluster.CreateAsync(2);
        // About 2 MiB of notices: more than one want's credit, so the answer comes in many batches and several wants.
        await Task.WhenAll(Enumerable.Range(0, 6000).Select(i => cluster[0].Write(cluster.Facilitator, VotingKinds.NoticePosted,
            new NoticePostedBody($"n{i}", new() { ["en"] = $"Notice {i} " + new string('x', 200) }, new() { ["en"] = "Text" }))));
        await cluster.StartAsync((0, 1));
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(120));
        var metrics = cluster[1].Node.Status().Peers.Single().Metrics;
        Assert.True(metrics.WantsSent >= 2, $"{metrics.WantsSent} wants");
        Assert.True(metrics.BatchesReceived >= 8, $"{metrics.BatchesReceived} batches");
        Assert.Equal(0, metrics.Refusals);
    }

    [Fact]
    public async Task Two_gateways_that_dial_each_other_keep_one_link()
    {
        await using var cluster = await MeshCluster.CreateAsync(2);
        await cluster.StartAsync((0, 1), (1, 0));
        // Both ends settle on the same connection: the one dialled by the smaller key.
        var smaller = cluster[0].Key.PublicKey < cluster[1].Key.PublicKey ? 0 : 1;
        string Links() => string.Join("; ", cluster.Gateways.Select(g => $"{g.Name}: {string.Join(", ", g.Node.Status().Peers.Select(p => $"{p.Name} {(p.Connected ? p.Direction.ToString() : "down")}"))}"));
        await Poll.UntilAsync(() =>
            cluster[smaller].Node.Status().Peers.Where(p => p.Connected).Select(p => p.Direction).SequenceEqual([Kiosk.Mesh.Protocol.LinkDirection.Dialled]) &&
            cluster[1 - smaller].Node.Status().Peers.Where(p => p.Connected).Select(p => p.Direction).SequenceEqual([Kiosk.Mesh.Protocol.LinkDirection.Accepted]),
            () => Links() + "\n" + cluster.Log);
        var notice = await cluster[1].Write(cluster.Facilitator, VotingKinds.NoticePosted, Notice("both"));
        await Poll.UntilAsync(() => cluster[0].Ledger.Holds(notice.Author, notice.Seq, notice.Id), () => Links() + "\n" + cluster.Log);
    }
}
