using Kiosk.Ledger;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Presence;
using Kiosk.Voting.Tests.Ballots;

namespace Kiosk.Voting.Tests.Presence;

/// <summary>
/// Presence and quorum on real SQLite ledgers: check-in by card, button and console, check-out and a meeting's end,
/// a partition during check-in between two gateways that agree once they sync, and presence as of a ballot's close.
/// </summary>
public sealed class PresenceTests
{
    private const string Meeting = "assembly-2026-12";

    private static PresenceRecordedBody CheckIn(string member, string source, string by) => new(Meeting, member, PresenceRecordedBody.In, source, by);

    private static MeetingPresence PresenceOn(Ledger.Ledger replica, long atMs = long.MaxValue) =>
        PresenceProjection.Build(replica.ReadApplied()).At(Meeting, atMs);

    [Fact]
    public async Task Check_ins_from_a_card_a_button_and_the_console_each_count_with_who_recorded_them()
    {
        await using var world = await VotingWorld.CreateAsync();
        await world.Write(world.Facilitator, PresenceKinds.MeetingOpened, new MeetingOpenedBody(Meeting, 6, 1, 3));
        var gateway = world.GatewayKeys[0];

        await world.Write(gateway, PresenceKinds.PresenceRecorded, CheckIn("Flat 2B", PresenceRecordedBody.Card, "door reader"));
        await world.Write(gateway, PresenceKinds.PresenceRecorded, CheckIn("Flat 3A", PresenceRecordedBody.Button, "station wired-1"));
        await world.Write(world.Facilitator, PresenceKinds.PresenceRecorded, CheckIn("Flat 4C", PresenceRecordedBody.Console, "Facilitator"));
        await world.Write(gateway, PresenceKinds.PresenceRecorded, CheckIn("Flat 2B", PresenceRecordedBody.Card, "door reader"));   // a second tap

        var presence = PresenceOn(world.Home);
        Assert.Equal(
            [new PresentMember("Flat 2B", "door reader", "card"), new PresentMember("Flat 3A", "station wired-1", "button"), new PresentMember("Flat 4C", "Facilitator", "console")],
            presence.Present);
        Assert.Equal("present 3 of 6 — quorum 2 ✓", presence.BoardLine());

        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.Write(gateway, PresenceKinds.PresenceRecorded, new PresenceRecordedBody(Meeting, "Flat 3A", PresenceRecordedBody.Out, PresenceRecordedBody.Button, "station wired-1"));
        await world.Write(gateway, PresenceKinds.PresenceRecorded, new PresenceRecordedBody(Meeting, "Flat 2B", PresenceRecordedBody.Out, PresenceRecordedBody.Card, "door reader"));
        Assert.Equal("present 1 of 6 — quorum 2 ✗", PresenceOn(world.Home).BoardLine());

        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.Write(world.Facilitator, PresenceKinds.MeetingEnded, new MeetingRefBody(Meeting));
        var ended = PresenceOn(world.Home);
        Assert.True(ended.Ended);
        Assert.Empty(ended.Present);
    }

    [Fact]
    public async Task A_bad_presence_event_is_refused_with_its_reason()
    {
        await using var world = await VotingWorld.CreateAsync();
        var result = await world.Home.AppendAsync(world.GatewayKeys[0], PresenceKinds.PresenceRecorded,
            Ledger.Bodies.BodyJson.Write(new PresenceRecordedBody(Meeting, "Flat 2B", "maybe", PresenceRecordedBody.Card, "door reader")));

        Assert.False(result.IsCommitted);
        Assert.Contains("action must be 'in' or 'out'", result.Rejection!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_rooms_cut_apart_during_check_in_count_together_once_they_sync()
    {
        await using var world = await VotingWorld.CreateAsync(gateways: 2);
        await world.Write(world.Facilitator, PresenceKinds.MeetingOpened, new MeetingOpenedBody(Meeting, 10, 2, 5));
        await world.SyncAll();

        // Partition: each room's gateway records its own door, and no event crosses.
        await world.Write(world.GatewayKeys[0], PresenceKinds.PresenceRecorded, CheckIn("Flat 1A", "card", "hall door"), replica: 0);
        await world.Write(world.GatewayKeys[0], PresenceKinds.PresenceRecorded, CheckIn("Flat 1B", "card", "hall door"), replica: 0);
        await world.Write(world.GatewayKeys[1], PresenceKinds.PresenceRecorded, CheckIn("Flat 2A", "button", "annex station"), replica: 1);
        await world.Write(world.GatewayKeys[1], PresenceKinds.PresenceRecorded, CheckIn("Flat 1A", "card", "annex door"), replica: 1);   // went next door
        world.Time.Advance(TimeSpan.FromMinutes(5));
        await world.Write(world.GatewayKeys[1], PresenceKinds.PresenceRecorded, CheckIn("Flat 2B", "card", "annex door"), replica: 1);

        Assert.Equal("present 2 of 10 — quorum 4 ✗", PresenceOn(world.Replicas[0]).BoardLine());
        Assert.Equal("present 3 of 10 — quorum 4 ✗", PresenceOn(world.Replicas[1]).BoardLine());

        await world.SyncAll();

        var hall = PresenceOn(world.Replicas[0]);
        var annex = PresenceOn(world.Replicas[1]);
        Assert.Equal("present 4 of 10 — quorum 4 ✓", hall.BoardLine());
        Assert.Equal(hall.BoardLine(), annex.BoardLine());
        Assert.Equal(hall.Present, annex.Present);
        Assert.Equal(["Flat 1A", "Flat 1B", "Flat 2A", "Flat 2B"], hall.Present.Select(p => p.Member));
    }

    [Fact]
    public async Task Presence_at_a_ballots_close_counts_only_what_was_recorded_by_then()
    {
        await using var world = await VotingWorld.CreateAsync();
        await world.Write(world.Facilitator, PresenceKinds.MeetingOpened, new MeetingOpenedBody(Meeting, 4, 1, 2));
        var gateway = world.GatewayKeys[0];
        await world.Write(gateway, PresenceKinds.PresenceRecorded, CheckIn("Flat 1A", "card", "door"));
        await world.Write(gateway, PresenceKinds.PresenceRecorded, CheckIn("Flat 1B", "card", "door"));
        var closeMs = world.Time.GetUtcNow().ToUnixTimeMilliseconds();
        world.Time.Advance(TimeSpan.FromSeconds(30));
        await world.Write(gateway, PresenceKinds.PresenceRecorded, new PresenceRecordedBody(Meeting, "Flat 1B", PresenceRecordedBody.Out, "card", "door"));

        Assert.True(PresenceOn(world.Home, closeMs).IsQuorate);
        Assert.Equal("present 2 of 4 — quorum 2 ✓", PresenceOn(world.Home, closeMs).BoardLine());
        Assert.False(PresenceOn(world.Home).IsQuorate);
    }

    [Fact]
    public async Task A_ballot_that_needs_the_quorum_at_close_reports_whether_it_held()
    {
        await using var world = await VotingWorld.CreateAsync();
        await world.Write(world.Facilitator, PresenceKinds.MeetingOpened, new MeetingOpenedBody(Meeting, 4, 1, 2));
        var lift = VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo) with { QuorumMeeting = Meeting };
        var garden = VotingWorld.Ballot("garden", "yes-no", VotingWorld.YesNo) with { QuorumMeeting = Meeting };
        await world.PublishAndOpen(lift, codes: 1);
        await world.PublishAndOpen(garden, codes: 1);
        var gateway = world.GatewayKeys[0];
        await world.Write(gateway, PresenceKinds.PresenceRecorded, CheckIn("Flat 1A", "card", "door"));
        await world.Write(gateway, PresenceKinds.PresenceRecorded, CheckIn("Flat 1B", "button", "station wired-1"));
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("lift"));
        world.Time.Advance(TimeSpan.FromMinutes(1));
        // After the lift vote closed, one member leaves: too late to matter for it, in time for the garden vote.
        await world.Write(gateway, PresenceKinds.PresenceRecorded, new PresenceRecordedBody(Meeting, "Flat 1A", PresenceRecordedBody.Out, "card", "door"));
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("garden"));

        var projection = AssemblyProjection.Build(world.Home.ReadApplied());
        var liftReport = BallotCounter.Report(projection, world.Home.Authority, "lift")!;
        var gardenReport = BallotCounter.Report(projection, world.Home.Authority, "garden")!;
        var plain = VotingWorld.Ballot("plain", "yes-no", VotingWorld.YesNo);
        await world.PublishAndOpen(plain, codes: 1);

        Assert.True(liftReport.PresenceQuorumHeld);
        Assert.Equal("present 2 of 4 — quorum 2 ✓", liftReport.PresenceAtClose!.BoardLine());
        Assert.False(gardenReport.PresenceQuorumHeld);
        Assert.Equal("present 1 of 4 — quorum 2 ✗", gardenReport.PresenceAtClose!.BoardLine());
        Assert.Null(BallotCounter.Report(AssemblyProjection.Build(world.Home.ReadApplied()), world.Home.Authority, "plain")!.PresenceQuorumHeld);
    }
}
