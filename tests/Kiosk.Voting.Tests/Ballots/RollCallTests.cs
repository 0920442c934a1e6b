using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Presence;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>Roll-call ballots: enrolled buttons and member cards vote for their member; proxies add weight to a delegate.</summary>
public sealed class RollCallTests
{
    [Fact]
    public async Task A_delegate_votes_with_the_weight_of_members_who_gave_them_proxy()
    {
        await using var world = await VotingWorld.CreateAsync();
        var gateway = world.GatewayKeys[0].PublicKey.ToHex();
        string[] members = ["Flat 1A", "Flat 1B", "Flat 2A", "Flat 2B"];
        for (var i = 0; i < members.Length; i++)
            await world.Write(world.Facilitator, EventKinds.DeviceEnrolled, new DeviceEnrolledBody($"button-{i}", gateway, $"Button {i}", members[i]));
        await world.PublishAndOpen(VotingWorld.Ballot("roof", "yes-no", VotingWorld.YesNo, secret: false, eligibility: BallotDefinition.ByRollCall), codes: 0);
        // 1B and 2A give their proxy to 1A; 2A then votes in person, so only 1B's proxy counts.
        await world.Write(world.Facilitator, VotingKinds.ProxyRecorded, new ProxyRecordedBody("roof", "Flat 1B", "Flat 1A"));
        await world.Write(world.Facilitator, VotingKinds.ProxyRecorded, new ProxyRecordedBody("roof", "Flat 2A", "Flat 1A"));

        Assert.True((await world.Desk.CastWithDeviceAsync("roof", "button-0", ["yes"])).IsAccepted);
        Assert.True((await world.Desk.CastWithDeviceAsync("roof", "button-2", ["no"])).IsAccepted);
        var report = world.Desk.Report("roof")!;
        Assert.Equal(2m, report.Result!.Rounds[^1].Tally.Single(t => t.Name == "yes").Value);
        Assert.Equal(1m, report.Result.Rounds[^1].Tally.Single(t => t.Name == "no").Value);
        Assert.Equal(4m, report.Eligible);
    }

    [Fact]
    public async Task A_revoked_or_foreign_or_unknown_button_is_refused()
    {
        await using var world = await VotingWorld.CreateAsync(gateways: 2);
        await world.Write(world.Facilitator, EventKinds.DeviceEnrolled, new DeviceEnrolledBody("mine", world.GatewayKeys[0].PublicKey.ToHex(), "Mine", "Flat 1A"));
        await world.Write(world.Facilitator, EventKinds.DeviceEnrolled, new DeviceEnrolledBody("theirs", world.GatewayKeys[1].PublicKey.ToHex(), "Theirs", "Flat 2A"));
        await world.Write(world.Facilitator, EventKinds.DeviceEnrolled, new DeviceEnrolledBody("gone", world.GatewayKeys[0].PublicKey.ToHex(), "Gone", "Flat 3A"));
        await world.Write(world.Facilitator, EventKinds.DeviceRevoked, new DeviceRevokedBody("gone"));
        await world.PublishAndOpen(VotingWorld.Ballot("roof", "yes-no", VotingWorld.YesNo, secret: false, eligibility: BallotDefinition.ByRollCall), codes: 0);
        Assert.Equal(VoteRefusalReason.DeviceNotEligible, (await world.Desk.CastWithDeviceAsync("roof", "theirs", ["yes"])).Refusal!.Reason);
        Assert.Equal(VoteRefusalReason.DeviceNotEligible, (await world.Desk.CastWithDeviceAsync("roof", "gone", ["yes"])).Refusal!.Reason);
        Assert.Equal(VoteRefusalReason.DeviceNotEligible, (await world.Desk.CastWithDeviceAsync("roof", "nobody", ["yes"])).Refusal!.Reason);
        Assert.Equal(VoteRefusalReason.WrongCredential, (await world.Desk.CastWithCodeAsync("roof", VoterCode.Generate(), ["yes"])).Refusal!.Reason);
        Assert.True((await world.Desk.CastWithDeviceAsync("roof", "mine", ["yes"])).IsAccepted);
    }

    [Fact]
    public async Task A_member_card_votes_for_the_member_a_facilitator_enrolled_it_to_and_never_on_a_code_ballot()
    {
        await using var world = await VotingWorld.CreateAsync();
        var card = MemberCards.Hash("04A1B2C3");
        var stranger = MemberCards.Hash("11223344");
        await world.Write(world.Facilitator, PresenceKinds.MemberCardEnrolled, new MemberCardEnrolledBody(card, "Flat 2B"));
        await world.PublishAndOpen(VotingWorld.Ballot("roof", "yes-no", VotingWorld.YesNo, secret: false, eligibility: BallotDefinition.ByRollCall), codes: 0);
        await world.PublishAndOpen(VotingWorld.Ballot("garden", "yes-no", VotingWorld.YesNo), codes: 1);

        Assert.Equal("Flat 2B", world.Desk.MemberOfCard(card));
        Assert.Equal(VoteRefusalReason.DeviceNotEligible, (await world.Desk.CastWithCardAsync("roof", stranger, ["yes"])).Refusal!.Reason);
        Assert.Equal(VoteRefusalReason.WrongCredential, (await world.Desk.CastWithCardAsync("garden", card, ["yes"])).Refusal!.Reason);
        var accepted = await world.Desk.CastWithCardAsync("roof", card, ["no"]);
        Assert.True(accepted.IsAccepted);
        var cast = Assert.Single(world.Home.ReadApplied(VotingKinds.VoteCast), e => e.Id == accepted.EventId);
        Assert.True(BodyJson.TryRead<VoteCastBody>(cast.Body, out var body, out _));
        Assert.Equal(("Flat 2B", card, null), (body.Member, body.Card, body.Device));
        var report = world.Desk.Report("roof")!;
        Assert.Equal(1m, report.Result!.Rounds[^1].Tally.Single(t => t.Name == "no").Value);

        // A gateway's vote naming another member than the card's enrolment is stored but not counted.
        await world.Write(world.GatewayKeys[0], VotingKinds.VoteCast, new VoteCastBody("roof", ["yes"], Member: "Flat 9Z", Card: card));
        var again = world.Desk.Report("roof")!;
        Assert.Equal(0m, again.Result!.Rounds[^1].Tally.Single(t => t.Name == "yes").Value);
        Assert.Contains(again.Ignored, i => i.Reason == "the vote names a member the card is not enrolled to");
    }

    [Fact]
    public void A_vote_body_carries_a_card_only_with_its_member_and_no_other_credential()
    {
        var card = MemberCards.Hash("04A1B2C3");
        Assert.Null(new VoteCastBody("roof", ["yes"], Member: "Flat 2B", Card: card).Check());
        Assert.Equal("a roll-call vote names the member", new VoteCastBody("roof", ["yes"], Card: card).Check());
        Assert.Equal("card must be a card hash in 64 lower-case hex digits", new VoteCastBody("roof", ["yes"], Member: "Flat 2B", Card: "04A1B2C3").Check());
        Assert.Equal("a vote carries exactly one of a credential, a (legacy) code hash, a device or a member card",
            new VoteCastBody("roof", ["yes"], Device: "button-1", Member: "Flat 2B", Card: card).Check());
    }
}
