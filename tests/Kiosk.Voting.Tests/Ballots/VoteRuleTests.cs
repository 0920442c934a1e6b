using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>Each rule of voting, refused with its own reason and leaving the ledger and the tally as they were.</summary>
public sealed class VoteRuleTests
{
    private static readonly string[] FourChoices = ["yes", "yes", "no", "abstain"];

    private static string Snapshot(VotingWorld world, string ballot) =>
        string.Join(",", world.Home.ReadAll().Select(e => e.Id.ToHex())) + "|" + world.Home.StateHash() + "|" +
        string.Join(",", world.Desk.Report(ballot)?.Trackers ?? []);

    private static async Task<VoteRefusal> Refused(VotingWorld world, string ballot, Func<Task<VoteOutcome>> cast)
    {
        var before = Snapshot(world, ballot);
        var outcome = await cast();
        Assert.False(outcome.IsAccepted, "the vote should have been refused");
        Assert.Equal(before, Snapshot(world, ballot));
        return outcome.Refusal!;
    }

    [Fact]
    public async Task A_code_used_twice_on_a_first_counts_ballot_is_refused()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo, BallotDefinition.FirstCounts));
        Assert.True((await world.Desk.CastWithCodeAsync("lift", codes[0], ["yes"])).IsAccepted);
        var refusal = await Refused(world, "lift", () => world.Desk.CastWithCodeAsync("lift", codes[0].ToLowerInvariant(), ["no"]));
        Assert.Equal(VoteRefusalReason.CodeAlreadyUsed, refusal.Reason);
        var report = world.Desk.Report("lift")!;
        Assert.Equal(["yes"], report.Counted.Single().Body.Choice);
    }

    [Fact]
    public async Task A_code_used_twice_on_a_last_counts_ballot_replaces_the_first_vote()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo, BallotDefinition.LastCounts));
        var first = await world.Desk.CastWithCodeAsync("lift", codes[0], ["yes"]);
        var second = await world.Desk.CastWithCodeAsync("lift", codes[0], ["no"]);
        Assert.True(first.IsAccepted && second.IsAccepted);
        var report = world.Desk.Report("lift")!;
        var counted = Assert.Single(report.Counted);
        Assert.Equal(["no"], counted.Body.Choice);
        Assert.Equal(2, counted.Body.Revision);
        // Both receipts stay on the board, each in its batch: a tracker proves a vote was recorded, not that it counts.
        Assert.Equal(new[] { first.Tracker!, second.Tracker! }.Order(StringComparer.Ordinal), report.Trackers);
        Assert.Contains(report.Ignored, i => i.Vote.Body.Choice is ["yes"] && i.Reason.Contains("replaced", StringComparison.Ordinal));
        Assert.Equal(1m, report.Result!.Rounds[^1].Tally.Single(t => t.Name == "no").Value);
    }

    [Fact]
    public async Task A_code_issued_for_another_ballot_is_refused()
    {
        await using var world = await VotingWorld.CreateAsync();
        await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo));
        var otherCodes = await world.PublishAndOpen(VotingWorld.Ballot("garden", "yes-no", VotingWorld.YesNo));
        var refusal = await Refused(world, "lift", () => world.Desk.CastWithCodeAsync("lift", otherCodes[0], ["yes"]));
        Assert.Equal(VoteRefusalReason.CodeForOtherBallot, refusal.Reason);
        Assert.Contains("garden", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_code_is_caught_by_its_check_character()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo));
        var code = codes[0].Replace("-", "", StringComparison.Ordinal);
        var wrong = VoterCode.Alphabet[(VoterCode.Alphabet.IndexOf(code[3], StringComparison.Ordinal) + 1) % 32];
        var typo = code[..3] + wrong + code[4..];
        var refusal = await Refused(world, "lift", () => world.Desk.CastWithCodeAsync("lift", typo, ["yes"]));
        Assert.Equal(VoteRefusalReason.CodeMistyped, refusal.Reason);
        Assert.Contains("typing mistake", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(VoteRefusalReason.CodeMistyped, (await world.Desk.CastWithCodeAsync("lift", "ABC", ["yes"])).Refusal!.Reason);
        // A well-formed code nobody issued is a different refusal.
        Assert.Equal(VoteRefusalReason.CodeUnknown, (await world.Desk.CastWithCodeAsync("lift", VoterCode.Generate(), ["yes"])).Refusal!.Reason);
    }

    [Fact]
    public async Task A_vote_after_the_gateway_saw_the_close_is_refused()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo));
        Assert.True((await world.Desk.CastWithCodeAsync("lift", codes[0], ["yes"])).IsAccepted);
        await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("lift"));

        // The first attempt after the close writes CloseSeen into the gateway's feed and is refused.
        var outcome = await world.Desk.CastWithCodeAsync("lift", codes[1], ["no"]);
        Assert.Equal(VoteRefusalReason.BallotClosed, outcome.Refusal!.Reason);
        Assert.NotNull(world.Desk.Read((p, _) => p.CloseSeenAt("lift", world.Desk.Gateway)));
        var refusal = await Refused(world, "lift", () => world.Desk.CastWithCodeAsync("lift", codes[2], ["no"]));
        Assert.Equal(VoteRefusalReason.BallotClosed, refusal.Reason);

        // A VoteCast the gateway's ballot box writes after its CloseSeen anyway (a faulty or hostile gateway) does not count anywhere.
        using var box = BallotBoxKey.Derive(world.GatewayKeys[0]);
        var late = await world.Home.AppendAsync(box, VotingKinds.VoteCast,
            BodyJson.Write(new VoteCastBody("lift", ["no"], Credential: VoterCode.Credential(VoterCode.Normalize(codes[3], out _)!, "lift"))));
        Assert.True(late.IsCommitted);
        var report = world.Desk.Report("lift")!;
        Assert.Single(report.Counted);
        Assert.Contains(report.Ignored, i => i.Vote.EventId == late.Event!.Id && i.Reason.Contains("after its gateway saw the close", StringComparison.Ordinal));
        Assert.Equal(BallotStatus.Final, report.Status); // the only gateway has seen the close
    }

    [Fact]
    public async Task A_scheduled_close_is_applied_by_the_gateways_own_clock()
    {
        await using var world = await VotingWorld.CreateAsync();
        var closesAt = world.Time.GetUtcNow().AddHours(1);
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo, closesAt: closesAt));
        Assert.True((await world.Desk.CastWithCodeAsync("lift", codes[0], ["yes"])).IsAccepted);
        world.Time.Advance(TimeSpan.FromHours(1));
        var outcome = await world.Desk.CastWithCodeAsync("lift", codes[1], ["yes"]);
        Assert.Equal(VoteRefusalReason.BallotClosed, outcome.Refusal!.Reason);
        Assert.Equal(BallotStatus.Final, world.Desk.Report("lift")!.Status);
    }

    [Fact]
    public async Task A_vote_before_the_ballot_is_opened_is_refused()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo), open: false);
        var refusal = await Refused(world, "lift", () => world.Desk.CastWithCodeAsync("lift", codes[0], ["yes"]));
        Assert.Equal(VoteRefusalReason.BallotNotOpen, refusal.Reason);
        Assert.Equal(BallotStatus.Draft, world.Desk.Report("lift")!.Status);
    }

    [Theory]
    [InlineData("yes-no", new[] { "maybe" })]
    [InlineData("yes-no", new[] { "yes", "no" })]
    [InlineData("irv", new string[0])]
    [InlineData("irv", new[] { "a", "a" })]
    [InlineData("plurality", new[] { "a", "b" })]
    public async Task A_vote_for_an_option_that_does_not_exist_or_an_impossible_choice_is_refused(string method, string[] choice)
    {
        await using var world = await VotingWorld.CreateAsync();
        var options = method == "yes-no" ? VotingWorld.YesNo : ["a", "b", "c"];
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("b1", method, options));
        var refusal = await Refused(world, "b1", () => world.Desk.CastWithCodeAsync("b1", codes[0], choice));
        Assert.Equal(VoteRefusalReason.InvalidChoice, refusal.Reason);
    }

    [Fact]
    public async Task A_ballot_published_by_a_non_facilitator_does_not_exist()
    {
        await using var world = await VotingWorld.CreateAsync();
        var gateway = world.GatewayKeys[0];
        var body = BodyJson.Write(new BallotPublishedBody(VotingWorld.Ballot("sneaky", "yes-no", VotingWorld.YesNo)));
        var before = world.Home.StateHash();
        var local = await world.Home.AppendAsync(gateway, VotingKinds.BallotPublished, body);
        Assert.Equal(RejectReason.NotAuthorised, local.Rejection?.Reason);
        Assert.Equal(before, world.Home.StateHash());

        // Received from the gateway's feed (signed elsewhere), it is kept for the chain but never counts.
        var head = world.Home.HeadOf(gateway.PublicKey);
        var forged = EventSigner.Sign(world.Home.Assembly!.Value, gateway, head.Seq + 1, head.Id, 1, VotingKinds.BallotPublished, body);
        Assert.True((await world.Home.ReceiveAsync(forged.Raw)).IsAccepted);
        Assert.False(world.Home.IsApplied(forged));
        Assert.Null(world.Desk.Report("sneaky"));
        var refusal = (await world.Desk.CastWithCodeAsync("sneaky", VoterCode.Generate(), ["yes"])).Refusal!;
        Assert.Equal(VoteRefusalReason.BallotUnknown, refusal.Reason);
    }

    [Fact]
    public async Task A_close_by_a_removed_facilitator_does_not_close_the_ballot()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo));
        // The founder removes the facilitator, keeping what it has seen of their feed; the facilitator then tries to close.
        var seen = world.Home.HeadOf(world.Facilitator.PublicKey).Seq;
        await world.Write(world.Founder, EventKinds.FacilitatorRemoved, new FacilitatorRemovedBody(world.Facilitator.PublicKey.ToHex(), seen));
        var local = await world.Home.AppendAsync(world.Facilitator, VotingKinds.BallotClosed, BodyJson.Write(new BallotRefBody("lift")));
        Assert.Equal(RejectReason.NotAuthorised, local.Rejection?.Reason);
        Assert.Contains("removed", local.Rejection!.Message, StringComparison.Ordinal);

        var head = world.Home.HeadOf(world.Facilitator.PublicKey);
        var close = EventSigner.Sign(world.Home.Assembly!.Value, world.Facilitator, head.Seq + 1, head.Id, 1, VotingKinds.BallotClosed, BodyJson.Write(new BallotRefBody("lift")));
        Assert.True((await world.Home.ReceiveAsync(close.Raw)).IsAccepted);
        Assert.False(world.Home.IsApplied(close));
        Assert.Equal(BallotStatus.Open, world.Desk.Report("lift")!.Status);
        Assert.True((await world.Desk.CastWithCodeAsync("lift", codes[0], ["yes"])).IsAccepted);
        // Their ballot, published before the removal, still stands.
        Assert.NotNull(world.Desk.Report("lift"));
    }

    [Fact]
    public async Task Each_accepted_vote_gets_a_tracker_found_among_the_counted_ones()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo), codes: 4);
        var trackers = new List<string>();
        foreach (var (code, choice) in codes.Zip(FourChoices))
            trackers.Add((await world.Desk.CastWithCodeAsync("lift", code, [choice])).Tracker!);
        var report = world.Desk.Report("lift")!;
        Assert.Equal(trackers.Order(StringComparer.Ordinal), report.Trackers);
        Assert.All(trackers, t => Assert.Matches("^[0-9A-Z]{5}-[0-9A-Z]{5}$", t));
        Assert.Equal(2m, report.Result!.Rounds[^1].Tally.Single(t => t.Name == "yes").Value);
        Assert.Equal(4, report.TurnoutByGateway[world.Desk.Gateway]);
    }

    [Fact]
    public async Task Weighted_codes_and_session_codes_count_as_issued()
    {
        await using var world = await VotingWorld.CreateAsync();
        await world.Write(world.Facilitator, VotingKinds.BallotPublished, new BallotPublishedBody(VotingWorld.Ballot("a", "yes-no", VotingWorld.YesNo)));
        await world.Write(world.Facilitator, VotingKinds.BallotPublished, new BallotPublishedBody(VotingWorld.Ballot("b", "yes-no", VotingWorld.YesNo)));
        var session = VoterCode.Generate();
        var heavy = VoterCode.Generate();
        await world.IssueAsync(["a", "b"], [session]);
        await world.IssueAsync(["a"], [heavy], weight: 3);
        await world.Write(world.Facilitator, VotingKinds.BallotOpened, new BallotRefBody("a"));
        await world.Write(world.Facilitator, VotingKinds.BallotOpened, new BallotRefBody("b"));
        Assert.True((await world.Desk.CastWithCodeAsync("a", session, ["no"])).IsAccepted);
        Assert.True((await world.Desk.CastWithCodeAsync("b", session, ["yes"])).IsAccepted);
        Assert.True((await world.Desk.CastWithCodeAsync("a", heavy, ["yes"])).IsAccepted);
        var a = world.Desk.Report("a")!;
        Assert.Equal(3m, a.Result!.Rounds[^1].Tally.Single(t => t.Name == "yes").Value);
        Assert.Equal(1m, a.Result.Rounds[^1].Tally.Single(t => t.Name == "no").Value);
        Assert.Equal(4m, a.Eligible);
        Assert.Equal(1m, world.Desk.Report("b")!.Eligible);
    }

    [Fact]
    public async Task A_result_stays_provisional_until_every_gateway_saw_the_close_or_a_facilitator_certifies()
    {
        await using var world = await VotingWorld.CreateAsync(gateways: 2);
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo));
        Assert.True((await world.Desks[0].CastWithCodeAsync("lift", codes[0], ["yes"])).IsAccepted);
        Assert.True((await world.Desks[1].CastWithCodeAsync("lift", codes[1], ["no"])).IsAccepted);
        await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("lift"));
        await world.Desks[0].CloseIfDueAsync("lift");
        Assert.Equal(BallotStatus.Provisional, world.Desks[0].Report("lift")!.Status);
        Assert.Equal([world.GatewayKeys[1].PublicKey], world.Desks[0].Report("lift")!.AwaitingCloseSeen);

        // Certify with gateway 1's feeds as far as gateway 0's replica has them: its vote is not there yet, so it does not count.
        var feeds = world.Desks[0].Read((p, a) => CertifiedFeed.For(p, a, "lift", k => world.Home.HeadOf(k).Seq));
        Assert.Equal(3, feeds.Count); // two gateways and the box of gateway 0 (gateway 1 declared its box on its own replica only)
        await world.Write(world.Facilitator, VotingKinds.ResultCertified, CertifiedFeed.Body("lift", feeds));
        var report = world.Desks[0].Report("lift")!;
        Assert.Equal(BallotStatus.Final, report.Status);
        Assert.True(report.Certified);
        Assert.Equal(1m, report.Result!.Rounds[^1].Tally.Single(t => t.Name == "yes").Value);
        await world.SyncAll();
        Assert.Contains(world.Desks[0].Report("lift")!.Ignored, i => i.Reason.Contains("certified", StringComparison.Ordinal));
        Assert.Equal(0m, world.Desks[1].Report("lift")!.Result!.Rounds[^1].Tally.Single(t => t.Name == "no").Value);
    }
}
