using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>
/// What an auditor holding an export learns of secret ballots (docs/secrecy.md): no value links a code's votes on two
/// ballots, no secret vote carries a precise time or sits in a feed with precisely timed events, and the order of a
/// batch in the ledger says nothing of the order its votes were cast in.
/// </summary>
public sealed partial class SecretBallotExportTests
{
    private static readonly string[] SessionBallots = ["motion-quiet-hours", "garden-name", "lift-repair"];

    /// <summary>A session of three secret ballots, one slip per resident, every resident voting on every ballot; then exported.</summary>
    private static async Task<(VotingWorld World, string Export, string[] Codes)> SessionAsync()
    {
        var world = await VotingWorld.CreateAsync();
        foreach (var id in SessionBallots)
            await world.Write(world.Facilitator, VotingKinds.BallotPublished, new BallotPublishedBody(VotingWorld.Ballot(id, "yes-no", VotingWorld.YesNo, batchSize: 3)));
        var codes = Enumerable.Range(0, 6).Select(_ => VoterCode.Generate()).ToArray();
        await world.IssueAsync(SessionBallots, codes);
        foreach (var id in SessionBallots) await world.Write(world.Facilitator, VotingKinds.BallotOpened, new BallotRefBody(id));
        // A roll-call ballot runs alongside, so the gateway's feed holds precisely timed events between the secret votes.
        await world.Write(world.Facilitator, Kiosk.Ledger.EventKinds.DeviceEnrolled,
            new Kiosk.Ledger.Bodies.DeviceEnrolledBody("button-1", world.GatewayKeys[0].PublicKey.ToHex(), "Button 1", "Flat 1A"));
        await world.PublishAndOpen(VotingWorld.Ballot("roll", "yes-no", VotingWorld.YesNo, secret: false, eligibility: BallotDefinition.ByRollCall), codes: 0);
        var choices = new[] { "yes", "no", "abstain" };
        for (var i = 0; i < codes.Length; i++)
        {
            foreach (var id in SessionBallots)
            {
                world.Time.Advance(TimeSpan.FromSeconds(37.25));
                Assert.True((await world.Desk.CastWithCodeAsync(id, codes[i], [choices[(i + id.Length) % 3]])).IsAccepted);
                Assert.True((await world.Desk.CastWithDeviceAsync("roll", "button-1", [choices[i % 3]])).IsAccepted);
            }
        }
        using var export = new MemoryStream();
        await LedgerArchive.WriteAsync(world.Home, export);
        return (world, Encoding.UTF8.GetString(export.ToArray()), codes);
    }

    [Fact]
    public async Task No_credential_or_commitment_value_appears_on_two_ballots_of_a_session()
    {
        var (world, export, codes) = await SessionAsync();
        await using var owned = world;
        var valuesByBallot = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Note(string ballot, string value) =>
            (valuesByBallot.TryGetValue(ballot, out var set) ? set : valuesByBallot[ballot] = new HashSet<string>(StringComparer.Ordinal)).Add(value);
        var votes = 0;
        foreach (var e in world.Home.ReadAll())
        {
            var body = Encoding.UTF8.GetString(e.Body.Span);
            if (e.Kind == VotingKinds.VoteCast && Kiosk.Ledger.Bodies.BodyJson.TryRead<VoteCastBody>(e.Body, out var vote, out _) && vote.Device is null)
            {
                votes++;
                foreach (Match m in Hex64().Matches(body)) Note(vote.Ballot, m.Value);
            }
            if (e.Kind == VotingKinds.VoterCodesIssued && Kiosk.Ledger.Bodies.BodyJson.TryRead<VoterCodesIssuedBody>(e.Body, out var issued, out _))
            {
                Assert.True(issued.IsPerBallot, "a new issuance is per ballot");
                foreach (var (ballot, list) in issued.Commitments!)
                    foreach (var commitment in list) Note(ballot, commitment);
            }
        }
        Assert.Equal(codes.Length * SessionBallots.Length, votes);
        foreach (var a in SessionBallots)
            foreach (var b in SessionBallots.Where(b => string.CompareOrdinal(a, b) < 0))
                Assert.Empty(valuesByBallot[a].Intersect(valuesByBallot[b]));
        // Neither a code, nor H(code), nor H(H(code)) (the old session-wide values) is anywhere in the export.
        foreach (var code in codes)
        {
            var normalized = VoterCode.Normalize(code, out _)!;
            Assert.DoesNotContain(normalized, export, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(VoterCode.Hash(normalized), export, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(VoterCode.DoubleHash(normalized), export, StringComparison.OrdinalIgnoreCase);
        }
        // And every one of those votes counts.
        foreach (var id in SessionBallots) Assert.Equal(codes.Length, world.Desk.Report(id)!.Counted.Count);
    }

    [Fact]
    public async Task Secret_votes_carry_coarse_times_in_a_feed_that_holds_nothing_precisely_timed()
    {
        var (world, _, _) = await SessionAsync();
        await using var owned = world;
        var granularity = (long)new VotingDeskOptions().SecretTimeGranularity.TotalMilliseconds;
        var box = world.Desk.BallotBox;
        var secretBallots = SessionBallots.ToHashSet(StringComparer.Ordinal);
        var secret = world.Home.ReadAll().Where(e => e.Kind == VotingKinds.VoteCast
            && Kiosk.Ledger.Bodies.BodyJson.TryRead<VoteCastBody>(e.Body, out var v, out _) && secretBallots.Contains(v.Ballot)).ToList();
        Assert.Equal(18, secret.Count);
        Assert.All(secret, e => Assert.Equal(box, e.Author));
        Assert.All(secret, e => Assert.Equal(0, e.AuthorTimeMs % granularity));
        // The box's feed holds secret votes and their receipts only, every one with a coarse time.
        var boxFeed = world.Home.ReadFeed(box);
        Assert.All(boxFeed, e => Assert.Contains(e.Kind, new[] { VotingKinds.VoteCast, VotingKinds.BallotReceipts }));
        Assert.All(boxFeed, e => Assert.Equal(0, e.AuthorTimeMs % granularity));
        // The gateway's own feed, whose events carry exact times, holds no secret vote.
        Assert.DoesNotContain(world.Home.ReadFeed(world.Desk.Gateway), e => secret.Any(s => s.Id == e.Id));
        Assert.Contains(world.Home.ReadFeed(world.Desk.Gateway), e => e.Kind == VotingKinds.VoteCast && e.AuthorTimeMs % 1000 != 0);
    }

    [Fact]
    public async Task The_order_of_a_batch_in_the_ledger_is_independent_of_the_order_its_votes_were_cast_in()
    {
        const int batch = 5;
        const int batches = 60;
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo, batchSize: batch), codes: batch * batches);
        var credentials = codes.Select(c => VoterCode.Credential(VoterCode.Normalize(c, out _)!, "lift")).ToArray();
        var next = 0;
        var positionOfFirstCast = new int[batch];
        var castOrderKept = 0;
        // Each sample is one batch, cast in the order CsCheck generates; where each vote lands in the box is recorded.
        await Gen.Int[0, 2].Array[batch].SampleAsync(async choices =>
        {
            var cast = new List<string>();
            foreach (var choice in choices)
            {
                var i = next++;
                Assert.True((await world.Desk.CastWithCodeAsync("lift", codes[i], [VotingWorld.YesNo[choice]])).IsAccepted);
                cast.Add(credentials[i]);
            }
            var published = world.Home.ReadFeed(world.Desk.BallotBox).Where(e => e.Kind == VotingKinds.VoteCast)
                .Select(e => Kiosk.Ledger.Bodies.BodyJson.TryRead<VoteCastBody>(e.Body, out var v, out _) ? v.Credential! : "")
                .Where(cast.Contains).ToList();
            Assert.Equal(cast.Order(StringComparer.Ordinal), published.Order(StringComparer.Ordinal));
            positionOfFirstCast[published.IndexOf(cast[0])]++;
            if (published.SequenceEqual(cast)) castOrderKept++;
        }, iter: batches, threads: 1);

        // A shuffled batch keeps the cast order once in 5! = 120 batches; cast-order publishing keeps it every time.
        Assert.True(castOrderKept <= 6, $"the cast order was kept in {castOrderKept} of {batches} batches");
        // Where the first-cast vote lands is uniform: chi-square with 4 degrees of freedom; 35 is exceeded by chance
        // with probability below one in a million.
        var expected = (double)batches / batch;
        var chiSquare = positionOfFirstCast.Sum(o => (o - expected) * (o - expected) / expected);
        Assert.True(chiSquare < 35, $"first-cast vote positions {string.Join(",", positionOfFirstCast)} are not uniform (chi-square {chiSquare:F1})");
    }

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex Hex64();
}
