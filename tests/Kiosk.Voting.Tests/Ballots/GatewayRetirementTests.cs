using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>
/// A retired gateway (<c>GatewayRetired</c>) in the voting rules: its votes the retiring facilitator had seen keep
/// counting, its later ones do not, it takes no more votes and writes no CloseSeen, and no result waits for it.
/// </summary>
public sealed class GatewayRetirementTests
{
    /// <summary>Retires gateway <paramref name="index"/> on replica 0 through what replica 0 holds of it, as <c>kiosk gateway retire</c> does.</summary>
    private static async Task RetireAsync(VotingWorld world, int index)
    {
        var key = world.GatewayKeys[index].PublicKey;
        var box = world.Home.Authority.BallotBoxOf(key)?.Box;
        var body = new GatewayRetiredBody(key.ToHex(), world.Home.HeadOf(key).Seq, box is { } b ? world.Home.HeadOf(b).Seq : 0, "moved");
        await world.Write(world.Facilitator, EventKinds.GatewayRetired, body);
    }

    private static decimal Votes(BallotReport report, string option) => report.Result!.Rounds[^1].Tally.Single(t => t.Name == option).Value;

    [Fact]
    public async Task A_result_is_final_without_a_retired_gateways_close_seen_and_its_earlier_votes_count()
    {
        await using var world = await VotingWorld.CreateAsync(gateways: 3);
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo));
        Assert.True((await world.Desks[0].CastWithCodeAsync("lift", codes[0], ["yes"])).IsAccepted);
        Assert.True((await world.Desks[1].CastWithCodeAsync("lift", codes[1], ["no"])).IsAccepted);
        Assert.True((await world.Desks[2].CastWithCodeAsync("lift", codes[2], ["no"])).IsAccepted);
        await world.SyncAll();
        await RetireAsync(world, 2);
        await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("lift"));
        await world.SyncAll();
        await world.Desks[0].CloseIfDueAsync("lift");
        Assert.Equal([world.GatewayKeys[1].PublicKey], world.Desks[0].Report("lift")!.AwaitingCloseSeen);

        await world.Desks[1].CloseIfDueAsync("lift");
        await world.SyncAll();
        foreach (var desk in world.Desks)
        {
            var report = desk.Report("lift")!;
            Assert.Equal(BallotStatus.Final, report.Status);
            Assert.Empty(report.AwaitingCloseSeen);
            Assert.Equal(1m, Votes(report, "yes"));
            Assert.Equal(2m, Votes(report, "no")); // the retired gateway's vote was seen before its retirement: it counts
        }
        // The retired gateway wrote no CloseSeen (it would not count), and a certification lists its feeds only through its cut-offs.
        Assert.Null(world.Desks[0].Read((p, _) => p.CloseSeen("lift", world.GatewayKeys[2].PublicKey)));
        var certified = world.Desks[0].Read((p, a) => CertifiedFeed.For(p, a, "lift", k => world.Home.HeadOf(k).Seq));
        Assert.All(certified.Where(f => f.Gateway == world.GatewayKeys[2].PublicKey), f => Assert.Equal(world.Home.Authority.ValidThrough(f.Key), f.ThroughSeq));
    }

    [Fact]
    public async Task A_retired_gateway_takes_no_votes_and_its_votes_after_the_cut_off_do_not_count()
    {
        await using var world = await VotingWorld.CreateAsync(gateways: 2);
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo));
        Assert.True((await world.Desks[1].CastWithCodeAsync("lift", codes[0], ["yes"])).IsAccepted);
        await world.SyncAll();
        await RetireAsync(world, 1);
        // Gateway 1 has not heard of its retirement yet: it takes a vote, which its peers will not count.
        Assert.True((await world.Desks[1].CastWithCodeAsync("lift", codes[1], ["no"])).IsAccepted);
        await world.SyncAll();

        var refused = await world.Desks[1].CastWithCodeAsync("lift", codes[2], ["no"]);
        Assert.Equal(VoteRefusalReason.GatewayRetired, refused.Refusal?.Reason);
        Assert.Contains("retired", refused.Refusal!.Message, StringComparison.Ordinal);
        foreach (var desk in world.Desks)
        {
            var report = desk.Report("lift")!;
            Assert.Equal(1m, Votes(report, "yes"));
            Assert.Equal(0m, Votes(report, "no"));
        }

        // Told of the close, the retired gateway writes nothing; the active one's CloseSeen makes the result final.
        await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("lift"));
        await world.SyncAll();
        var before = world.Replicas[1].HeadOf(world.GatewayKeys[1].PublicKey);
        await world.Desks[1].CloseIfDueAsync("lift");
        Assert.Equal(before, world.Replicas[1].HeadOf(world.GatewayKeys[1].PublicKey));
        await world.Desks[0].CloseIfDueAsync("lift");
        Assert.Equal(BallotStatus.Final, world.Desks[0].Report("lift")!.Status);
    }
}
