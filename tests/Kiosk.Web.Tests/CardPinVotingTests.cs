using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Hardware;
using Kiosk.Hardware.Tests.Support;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Presence;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// Card-plus-PIN for roll-call votes at the running gateway's wired station, on fake chips under the real bindings and
/// the keypad on the simulated GPIO: the PIN is set when the card is enrolled from the console and kept only on this
/// gateway; a tap asks for it, a wrong PIN is refused, counted and writes nothing, a copy of the card without the PIN
/// cannot vote, and the right PIN lets the buttons cast a counted vote.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class CardPinVotingTests(WebFixture fixture)
{
    private static readonly byte[] Card = [0x04, 0xA1, 0xB2, 0xC3];

    [Fact]
    public async Task Only_the_cards_pin_lets_a_tap_vote_and_wrong_pins_are_refused_counted_and_write_nothing()
    {
        var chip = new FakeMfrc522();
        var lcd = new FakeLcdBackpack(16, 2);
        await using var world = await WiredGateway.StartAsync(rollCall: true, buses: new FakeStationBuses(chip, lcd));
        var station = Assert.IsType<CheckInStation>(world.Host.WiredStation.CheckIn);
        var voting = Assert.IsType<WiredVotingStation>(world.Host.WiredStation.Voting);
        Assert.Contains("keypad: cards enrolled with a PIN need it", world.Host.WiredStation.Describe(), StringComparison.Ordinal);
        var title = Shown(lcd)[0];

        // The member types the PIN on the console when the facilitator enrols the card.
        var console = world.Host.ConsoleUri.ToString().TrimEnd('/');
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{console}/console");
        await page.GetByLabel("Facilitator").SelectOptionAsync(DemoAssembly.FacilitatorKey);
        await page.GetByLabel("Passphrase").FillAsync(DemoAssembly.FacilitatorPassphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.GetByLabel("Member", new() { Exact = true }).FillAsync("Flat 2B");
        await page.GetByLabel("PIN for card votes").FillAsync("4821");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol the next card tapped" }).ClickAsync();
        await Expect(page.Locator("p.ok")).ToContainTextAsync("Tap Flat 2B’s card on ");
        await Tap(world, chip, station);
        Assert.Equal(["Flat 2B", "card+PIN set ✓"], Shown(lcd));
        // The ledger has the enrolment but nothing of the PIN.
        var ledger = world.Host.Context.Ledger;
        Assert.Single(ledger.ReadApplied(PresenceKinds.MemberCardEnrolled));
        Assert.DoesNotContain(ledger.ReadApplied(), e => System.Text.Encoding.UTF8.GetString(e.Body.Span).Contains("4821", StringComparison.Ordinal));

        // A tap asks for the PIN; the buttons choose nothing until it is right.
        await Tap(world, chip, station);
        Assert.Equal(["Flat 2B", "PIN then #"], Shown(lcd));
        world.Click("yes");
        Assert.Equal(["Flat 2B", "PIN then #"], Shown(lcd));
        world.Type("12");
        Assert.Equal(["Flat 2B", "PIN **"], Shown(lcd));
        world.Type("*4821"); // '*' starts again, so the "12" is gone...
        world.Type("0#");    // ...but a fifth digit makes it wrong.
        Assert.Equal([title, "wrong PIN"], Shown(lcd));
        world.Click("yes");
        world.Click("confirm");
        Assert.Equal([title, "wrong PIN"], Shown(lcd));

        // A copy of the card (the same UID) without the PIN: guesses are refused, then the card must wait.
        for (var guess = 0; guess < CardPinGuard.FreeTries - 1; guess++)
        {
            await Tap(world, chip, station);
            world.Type("0000#");
            Assert.Equal([title, "wrong PIN"], Shown(lcd));
        }
        await Tap(world, chip, station);
        world.Type("1234#");
        Assert.Equal([title, "wrong PIN, 30 s"], Shown(lcd));
        await Tap(world, chip, station);
        Assert.Equal([title, "wait 30 s"], Shown(lcd));
        world.Type("4821#"); // not asked for: ignored
        Assert.Equal([title, "wait 30 s"], Shown(lcd));
        Assert.Empty(world.Host.Context.Desk.Report(WiredGateway.RollCallBallot)!.Counted);
        Assert.Empty(ledger.ReadApplied(VotingKinds.VoteCast));

        // After the wait, the member with the PIN votes.
        world.Time.Advance(CardPinGuard.FirstWait);
        await Tap(world, chip, station);
        world.Type("4821#");
        Assert.Equal([title, "Flat 2B: choose"], Shown(lcd));
        world.Click("no");
        var voted = new TaskCompletionSource<VoteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        voting.Voted += (_, o) => voted.TrySetResult(o);
        world.Click("confirm");
        var outcome = await voted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(outcome.IsAccepted, outcome.Refusal?.ToString());
        Assert.Equal([title, "counted ✓"], Shown(lcd));
        var vote = Assert.Single(world.Host.Context.Desk.Report(WiredGateway.RollCallBallot)!.Counted);
        Assert.Equal(("Flat 2B", "no"), (vote.Body.Member, vote.Body.Choice.Single()));
    }

    [Fact]
    public async Task With_card_pin_required_a_card_enrolled_without_a_pin_cannot_vote()
    {
        var chip = new FakeMfrc522();
        var lcd = new FakeLcdBackpack(16, 2);
        await using var world = await WiredGateway.StartAsync(rollCall: true, buses: new FakeStationBuses(chip, lcd), cardPinRequired: true);
        var station = Assert.IsType<CheckInStation>(world.Host.WiredStation.CheckIn);
        Assert.Contains("keypad: every card needs its PIN", world.Host.WiredStation.Describe(), StringComparison.Ordinal);
        var title = Shown(lcd)[0];
        var ledger = world.Host.Context.Ledger;
        using (var ana = new DataFolder(new DirectoryInfo(world.DataPath)).ReadKey(DemoAssembly.FacilitatorKey))
        {
            // A PIN that is not 4 to 8 digits is refused before any tap, and the station does not wait for a card.
            Assert.Equal("a PIN is 4 to 8 digits", station.BeginEnrol("Flat 2B", ana, "12"));
            Assert.Null(station.Enrolling);
            Assert.True((await ledger.AppendAsync(ana, PresenceKinds.MemberCardEnrolled, BodyJson.Write(new MemberCardEnrolledBody(MemberCards.Hash("04A1B2C3"), "Flat 2B")))).IsCommitted);
        }

        await Tap(world, chip, station);
        Assert.Equal([title, "no PIN: re-enrol"], Shown(lcd));
        world.Type("0000#");
        world.Click("yes");
        world.Click("confirm");
        Assert.Equal([title, "no PIN: re-enrol"], Shown(lcd));
        Assert.Empty(ledger.ReadApplied(VotingKinds.VoteCast));
    }

    // Lifts the card off the reader and taps it again: one new tap, handled before this returns.
    private static async Task Tap(WiredGateway world, FakeMfrc522 chip, CheckInStation station)
    {
        chip.PlaceCard(null);
        world.Advance(200);
        chip.PlaceCard(Card);
        world.Advance(200);
        await station.LastTap;
    }

    private static List<string> Shown(FakeLcdBackpack lcd) => lcd.Rows.Select(r => r.Replace('\0', StationScreen.Check)).ToList();
}
