using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>Roll-call ballots: enrolled buttons vote for their member; proxies add weight to a delegate.</summary>
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
}
