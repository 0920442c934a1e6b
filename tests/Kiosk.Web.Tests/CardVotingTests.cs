using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Hardware;
using Kiosk.Hardware.Tests.Support;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Presence;

namespace Kiosk.Web.Tests;

/// <summary>
/// A roll-call vote by member card at the running gateway's wired station (no station device): a tap names the member,
/// the buttons choose and confirm, the vote counts for the card's member, and the LCD shows the ballot, the member, the
/// selection and "counted ✓" or the refusal's reason; fake MFRC522 and LCD backpack under the real bindings.
/// </summary>
public sealed class CardVotingTests
{
    [Fact]
    public async Task A_tap_and_the_buttons_cast_a_counted_roll_call_vote_for_the_cards_member_shown_step_by_step()
    {
        var chip = new FakeMfrc522();
        var lcd = new FakeLcdBackpack(16, 2);
        await using var world = await WiredGateway.StartAsync(rollCall: true, buses: new FakeStationBuses(chip, lcd));
        var voting = Assert.IsType<WiredVotingStation>(world.Host.WiredStation.Voting);
        var station = Assert.IsType<CheckInStation>(world.Host.WiredStation.CheckIn);
        Assert.True(voting.ByCard);
        var title = Shown(lcd)[0];
        Assert.Equal("Tap card to vote", Shown(lcd)[1]);

        var ledger = world.Host.Context.Ledger;
        using (var ana = new DataFolder(new DirectoryInfo(world.DataPath)).ReadKey(DemoAssembly.FacilitatorKey))
            Assert.True((await ledger.AppendAsync(ana, PresenceKinds.MemberCardEnrolled, BodyJson.Write(new MemberCardEnrolledBody(MemberCards.Hash("04A1B2C3"), "Flat 2B")))).IsCommitted);

        // Buttons before a tap choose nothing.
        world.Click("yes");
        Assert.Equal("Tap card to vote", Shown(lcd)[1]);

        // A card nobody enrolled is refused on the display and checks nobody in.
        chip.PlaceCard([0x11, 0x22, 0x33, 0x44]);
        world.Advance(200);
        await station.LastTap;
        Assert.Equal([title, "not enrolled"], Shown(lcd));

        chip.PlaceCard([0x04, 0xA1, 0xB2, 0xC3]);
        world.Advance(200);
        await station.LastTap;
        Assert.Equal([title, "Flat 2B: choose"], Shown(lcd));
        world.Click("no");
        Assert.Equal([title, "> no? confirm"], Shown(lcd));
        Assert.True(world.LedOn("no") && world.LedOn("confirm") && !world.LedOn("yes"));

        var voted = new TaskCompletionSource<VoteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        voting.Voted += (_, o) => voted.TrySetResult(o);
        world.Click("confirm");
        var outcome = await voted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(outcome.IsAccepted, outcome.Refusal?.ToString());
        Assert.Equal([title, "counted ✓"], Shown(lcd));
        var vote = Assert.Single(world.Host.Context.Desk.Report(WiredGateway.RollCallBallot)!.Counted);
        Assert.Equal(("Flat 2B", MemberCards.Hash("04A1B2C3"), null, "no"), (vote.Body.Member, vote.Body.Card, vote.Body.Device, vote.Body.Choice.Single()));
        // A tap during a roll-call vote is the vote's, not a check-in.
        Assert.Empty(ledger.ReadApplied(PresenceKinds.PresenceRecorded));

        // One tap, one vote: confirm again without a new tap casts nothing.
        world.Click("yes");
        Assert.Equal([title, "counted ✓"], Shown(lcd)); // the press selected nothing
        world.Click("confirm");
        Assert.Single(world.Host.Context.Desk.Report(WiredGateway.RollCallBallot)!.Counted);
    }

    private static List<string> Shown(FakeLcdBackpack lcd) => lcd.Rows.Select(r => r.Replace('\0', StationScreen.Check)).ToList();
}
