using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;
using Kiosk.Mesh.Tests.Support;
using Kiosk.Voting.Ballots;
using MQTTnet;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// A gateway answering a want leaves out what it already sent live on that link (it arrives first, on the same
/// connection), but always sends what the requester holds already, which is asked for to compare. Driven by a test
/// peer speaking the protocol by hand against an in-process gateway, so what crosses the link is seen exactly.
/// </summary>
public sealed class WantAnswerTests
{
    [Fact]
    public async Task An_answer_leaves_out_events_already_sent_live_and_keeps_those_asked_for_to_compare()
    {
        using var other = AuthorKeyPair.Generate();
        await using var cluster = await MeshCluster.CreateAsync(1, other);
        await cluster.StartAsync();
        var gateway = cluster[0];
        var assembly = gateway.Ledger.Assembly!.Value;
        await using var peer = new HostilePeer(other, assembly);
        Assert.Equal(MqttClientConnectResultCode.Success, await peer.ConnectAsync(gateway.PeerPort));
        await peer.SubscribeAsync();
        await peer.SubscribeAsync(peer.Topics.All(TopicKind.Feed));
        var haveTopic = peer.Topics.Have(gateway.Key.PublicKey);
        await Poll.UntilAsync(() => peer.Received.Any(m => m.Topic == haveTopic), () => "no have from the gateway");

        // The peer says it holds exactly what the gateway holds; the gateway's next event then goes to it live.
        Assert.True(HaveMessage.TryDecode(peer.Received.Last(m => m.Topic == haveTopic).Payload, out var theirs, out var problem), problem);
        await peer.PublishAsync(peer.Topics.Have(other.PublicKey), new HaveMessage(other.PublicKey, theirs.StateHash, theirs.Feeds, theirs.Forks).Encode());
        var held = gateway.Ledger.HeadOf(cluster.Facilitator.PublicKey).Seq;
        await Poll.UntilAsync(() => gateway.Node.Status().Peers.Any(p => p.StateHash == theirs.StateHash), () => "the gateway did not take the peer's have");
        var notice = await gateway.Write(cluster.Facilitator, VotingKinds.NoticePosted,
            new NoticePostedBody("live", new() { ["en"] = "Live" }, new() { ["en"] = "Sent once" }));
        Assert.Equal(held + 1, notice.Seq);
        var feedTopic = peer.Topics.Feed(cluster.Facilitator.PublicKey);
        await Poll.UntilAsync(() => peer.Received.Any(m => m.Topic == feedTopic), () => "the new event was not sent live");

        // Asked for anyway (as a have arriving mid-flight would make a peer do): the answer carries nothing.
        var batchTopic = peer.Topics.Batch(other.PublicKey);
        var answer = await AskAsync(peer, gateway, batchTopic, 1, new FeedRange(cluster.Facilitator.PublicKey, notice.Seq, notice.Seq));
        Assert.Empty(answer.Events);

        // A range from a seq the peer holds is a comparison: that event is sent, the one sent live still is not.
        answer = await AskAsync(peer, gateway, batchTopic, 2, new FeedRange(cluster.Facilitator.PublicKey, held, notice.Seq));
        var compared = Assert.Single(answer.Events);
        Assert.True(EventEncoding.TryDecode(compared, out var e, out _));
        Assert.Equal(held, e.Seq);
        Assert.Single(peer.Received, m => m.Topic == feedTopic);
    }

    private static async Task<BatchMessage> AskAsync(HostilePeer peer, MeshGateway gateway, string batchTopic, long request, FeedRange range)
    {
        await peer.PublishAsync(peer.Topics.Want(gateway.Key.PublicKey), new WantMessage(request, MeshLimits.DefaultCredit, [range], []).Encode());
        BatchMessage? answer = null;
        await Poll.UntilAsync(() => peer.Received.Any(m => m.Topic == batchTopic && BatchMessage.TryDecode(m.Payload, out answer, out _) && answer.Request == request && !answer.More),
            () => $"no final batch answering want #{request}");
        return answer!;
    }
}
