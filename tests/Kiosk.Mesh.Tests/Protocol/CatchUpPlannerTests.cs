using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh.Tests.Protocol;

/// <summary>What a gateway asks a peer for, given both sides' holdings (pure).</summary>
public sealed class CatchUpPlannerTests
{
    private static Bytes32 K(byte b) => Bytes32.Read(Enumerable.Repeat(b, 32).ToArray());
    private static readonly Bytes32 Facilitator = K(0xf0), Gateway = K(0x10), Other = K(0x20);

    private static CatchUpPlanner.Holdings Mine(Dictionary<Bytes32, FeedHead> heads, Dictionary<Bytes32, long>? forks = null, Func<Bytes32, long, Bytes32?>? idAt = null) =>
        new(heads, forks ?? [], idAt ?? ((_, _) => null), a => a == Facilitator);

    private static HaveMessage Theirs(Dictionary<Bytes32, FeedHead> heads, Dictionary<Bytes32, long>? forks = null) => new(Other, K(0xaa), heads, forks ?? []);

    private static WantPlan Plan(CatchUpPlanner.Holdings mine, HaveMessage theirs, Func<Bytes32, bool>? busy = null, IEnumerable<(Bytes32, long)>? checks = null) =>
        CatchUpPlanner.Plan(mine, theirs, busy ?? (_ => false), checks ?? []);

    [Fact]
    public void Asks_for_exactly_what_it_lacks_with_authority_feeds_first()
    {
        var mine = Mine(new() { [Gateway] = new(10, K(1)), [Facilitator] = new(2, K(2)) });
        var plan = Plan(mine, Theirs(new() { [Gateway] = new(500, K(3)), [Facilitator] = new(4, K(4)), [Other] = new(1, K(5)) }));
        Assert.Equal([new FeedRange(Facilitator, 3, 4), new FeedRange(Gateway, 11, 500), new FeedRange(Other, 1, 1)], plan.Ranges);
        Assert.Empty(plan.ForkProofs);
    }

    [Fact]
    public void Asks_for_nothing_when_it_holds_as_much_or_more()
    {
        var mine = Mine(new() { [Gateway] = new(10, K(1)) }, idAt: (_, _) => K(9));
        Assert.True(Plan(mine, Theirs(new() { [Gateway] = new(10, K(1)) })).IsEmpty);
        Assert.True(Plan(mine, Theirs(new() { [Gateway] = new(4, K(9)) })).IsEmpty);
        Assert.True(Plan(mine, Theirs([])).IsEmpty);
    }

    [Fact]
    public void Leaves_out_feeds_another_link_is_fetching()
    {
        var mine = Mine([]);
        var plan = Plan(mine, Theirs(new() { [Gateway] = new(5, K(3)), [Facilitator] = new(4, K(4)) }), busy: a => a == Gateway);
        Assert.Equal([new FeedRange(Facilitator, 1, 4)], plan.Ranges);
    }

    [Fact]
    public void Asks_for_the_peers_event_where_the_heads_disagree_at_one_seq()
    {
        var mine = Mine(new() { [Gateway] = new(7, K(1)) }, idAt: (a, s) => s == 5 ? K(6) : null);
        Assert.Equal([new FeedRange(Gateway, 7, 7)], Plan(mine, Theirs(new() { [Gateway] = new(7, K(2)) })).Ranges);
        Assert.Equal([new FeedRange(Gateway, 5, 5)], Plan(mine, Theirs(new() { [Gateway] = new(5, K(2)) })).Ranges); // its head, against my event there
        Assert.True(Plan(mine, Theirs(new() { [Gateway] = new(5, K(6)) })).IsEmpty);
    }

    [Fact]
    public void A_forked_feed_is_not_extended_and_its_earlier_fork_proof_is_asked_for()
    {
        var mine = Mine(new() { [Gateway] = new(7, K(1)) }, forks: new() { [Gateway] = 6 });
        var plan = Plan(mine, Theirs(new() { [Gateway] = new(9, K(2)) }, forks: new() { [Gateway] = 4, [Facilitator] = 2 }));
        Assert.Empty(plan.Ranges);
        Assert.Equal(new[] { Facilitator, Gateway }.Order(), plan.ForkProofs.Order());
        Assert.Empty(Plan(mine, Theirs(new() { [Gateway] = new(9, K(2)) }, forks: new() { [Gateway] = 6 })).ForkProofs); // known here already
    }

    [Fact]
    public void A_seq_where_the_peers_events_did_not_chain_on_is_asked_for()
    {
        var mine = Mine(new() { [Gateway] = new(7, K(1)) });
        var plan = Plan(mine, Theirs(new() { [Gateway] = new(7, K(1)) }), checks: [(Gateway, 3)]);
        Assert.Equal([new FeedRange(Gateway, 3, 3)], plan.Ranges);
    }
}
