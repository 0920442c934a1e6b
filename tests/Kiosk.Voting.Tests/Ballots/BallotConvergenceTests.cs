using CsCheck;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tally;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>
/// Convergence of ballots (promise 3): three gateways, each with its own replica, partitioned while residents vote
/// (some codes used at two gateways), the facilitator's close reaching them at different times. Replicas that hold
/// the same events report the same provisional tally at every point; after certification all report the same final one.
/// </summary>
public sealed class BallotConvergenceTests
{
    private const int Gateways = 3;

    [Fact]
    public async Task Partitioned_gateways_agree_on_provisional_and_certified_tallies()
    {
        await Gen.Int[0, int.MaxValue].SampleAsync(async seed => await Scenario(seed), iter: 4, threads: 1);
    }

    private static async Task Scenario(int seed)
    {
        var random = new Random(seed);
        await using var world = await VotingWorld.CreateAsync(Gateways);
        var options = new[] { "park", "library", "market", "pool" };
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("plan", "irv", options, BallotDefinition.LastCounts), codes: 24);
        var partition = new int[Gateways];
        var closed = false;
        var comparisons = 0;
        for (var step = 0; step < 90; step++)
        {
            var roll = random.Next(12);
            if (roll == 0)
            {
                for (var g = 0; g < Gateways; g++) partition[g] = random.Next(2);
            }
            else if (roll == 1 && !closed && step > 45)
            {
                // The facilitator closes at gateway 0's replica; the others learn of it when they next sync.
                await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("plan"));
                closed = true;
            }
            else if (roll <= 7)
            {
                var g = random.Next(Gateways);
                var ranking = options.OrderBy(_ => random.Next()).Take(random.Next(1, options.Length + 1)).ToArray();
                var outcome = await world.Desks[g].CastWithCodeAsync("plan", codes[random.Next(codes.Length)], ranking);
                Assert.True(outcome.IsAccepted || outcome.Refusal!.Reason == VoteRefusalReason.BallotClosed, $"seed {seed}: {outcome.Refusal}");
            }
            else
            {
                var a = random.Next(Gateways);
                var b = random.Next(Gateways);
                if (a != b && partition[a] == partition[b])
                {
                    await world.Sync(a, b);
                    await world.Sync(b, a);
                    comparisons += AssertAgreeWhereEventsMet(world, seed);
                }
            }
        }
        Assert.True(comparisons > 0, $"seed {seed}: no two replicas ever met");

        // Heal. Gateways 0 and 1 learn of the close (writing CloseSeen); gateway 2 stays silent, so the result is provisional.
        if (!closed) await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("plan"));
        await world.SyncAll();
        await world.Desks[0].CloseIfDueAsync("plan");
        await world.Desks[1].CloseIfDueAsync("plan");
        await world.SyncAll();
        AssertAgreeWhereEventsMet(world, seed);
        var provisional = world.Desks[0].Report("plan")!;
        if (world.Desks[0].Read((p, _) => p.CloseSeenAt("plan", world.GatewayKeys[2].PublicKey)) is null)
        {
            Assert.Equal(BallotStatus.Provisional, provisional.Status);
            Assert.Equal([world.GatewayKeys[2].PublicKey], provisional.AwaitingCloseSeen);
        }
        else
        {
            Assert.Equal(BallotStatus.Final, provisional.Status); // gateway 2 tried to vote after learning of the close
        }

        // The facilitator certifies with each gateway's CloseSeen seq (and its box's), or its head where it wrote none.
        var feeds = world.Desks[0].Read((p, a) => CertifiedFeed.For(p, a, "plan", k => world.Home.HeadOf(k).Seq));
        await world.Write(world.Facilitator, VotingKinds.ResultCertified, CertifiedFeed.Body("plan", feeds));
        await world.SyncAll();
        var finals = world.Desks.Select(d => d.Report("plan")!).ToList();
        Assert.All(finals, r => Assert.Equal(BallotStatus.Final, r.Status));
        Assert.All(finals, r => Assert.True(r.Certified));
        Assert.Single(finals.Select(r => TallyJson.Write(r.Result!)).Distinct());
        Assert.Single(finals.Select(r => string.Join(",", r.Trackers)).Distinct());
        Assert.True(finals[0].Counted.Count > 0, $"seed {seed}: nothing was counted");
        // Codes used at two gateways show as conflicts, and each credential counts once.
        Assert.Equal(finals[0].Counted.Count, finals[0].Counted.Select(v => v.Credential).Distinct().Count());
    }

    /// <summary>For every pair of replicas holding exactly the same events, the reports must be identical.</summary>
    private static int AssertAgreeWhereEventsMet(VotingWorld world, int seed)
    {
        var compared = 0;
        for (var a = 0; a < Gateways; a++)
        {
            for (var b = a + 1; b < Gateways; b++)
            {
                var va = world.Replicas[a].Vector;
                var vb = world.Replicas[b].Vector;
                if (!va.Dominates(vb) || !vb.Dominates(va)) continue;
                var ra = world.Desks[a].Report("plan")!;
                var rb = world.Desks[b].Report("plan")!;
                Assert.Equal(ra.Status, rb.Status);
                Assert.Equal(string.Join(",", ra.Trackers), string.Join(",", rb.Trackers));
                Assert.True(TallyJson.Write(ra.Result!) == TallyJson.Write(rb.Result!), $"seed {seed}: replicas {a} and {b} hold the same events but tally differently");
                Assert.Equal(ra.Conflicts.Count, rb.Conflicts.Count);
                compared++;
            }
        }
        return compared;
    }
}
