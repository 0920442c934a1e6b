using Kiosk.Hardware.Tests.Support;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Presence;

namespace Kiosk.Hardware.Tests;

/// <summary>
/// The door: a facilitator enrols a member card by tapping it, the member checks in by tapping it, an unknown card is
/// refused; with the real Mfrc522 and Lcd1602 bindings on fake chips and a real SQLite ledger, and the display's text at each step.
/// </summary>
public sealed class CheckInStationTests : IAsyncLifetime
{
    private const string Meeting = "december";
    private readonly TempFolder _folder = new();
    private readonly AuthorKeyPair _founder = AuthorKeyPair.Generate();
    private readonly AuthorKeyPair _gateway = AuthorKeyPair.Generate();
    private readonly AuthorKeyPair _facilitator = AuthorKeyPair.Generate();
    private Kiosk.Ledger.Ledger _ledger = null!;

    public async Task InitializeAsync()
    {
        _ledger = Kiosk.Ledger.Ledger.Open(_folder.File("door.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        Assert.True((await _ledger.FoundAsync(_founder, "Elm Street", ["en"])).IsCommitted);
        await Write(_founder, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(_gateway.PublicKey.ToHex(), "hall"));
        await Write(_founder, EventKinds.FacilitatorAdded, new FacilitatorAddedBody(_facilitator.PublicKey.ToHex(), "Ana"));
        await Write(_founder, PresenceKinds.MeetingOpened, new MeetingOpenedBody(Meeting, 3, 1, 3));
    }

    private async Task Write<T>(AuthorKeyPair author, string kind, T body) where T : ICheckedBody =>
        Assert.True((await _ledger.AppendAsync(author, kind, BodyJson.Write(body))).IsCommitted, kind);

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        _folder.Dispose();
    }

    private static List<string> Shown(FakeLcdBackpack lcd) => lcd.Rows.Select(r => r.Replace('\0', StationScreen.Check)).ToList();

    [Fact]
    public async Task A_card_enrolled_by_tapping_checks_its_member_in_and_an_unknown_card_changes_nothing()
    {
        var chip = new FakeMfrc522();
        var lcd = new FakeLcdBackpack(16, 2);
        using var reader = new Mfrc522CardReader(chip);
        using var watcher = new CardTapWatcher(reader);
        using var display = new StationDisplay(new DisplayPins(DisplayPins.Lcd1602, 1, 0x27), lcd);
        using var station = new CheckInStation(watcher, _ledger, _gateway, "door reader", Meeting, display);

        Assert.Null(station.BeginEnrol("Flat 2B", _facilitator));
        Assert.Equal(["Enrol: Flat 2B", "Tap the card"], Shown(lcd));
        chip.PlaceCard([0x04, 0xA1, 0xB2, 0xC3]);
        watcher.Poll();
        await station.LastTap;
        Assert.Equal(["Flat 2B", "card enrolled ✓"], Shown(lcd));
        // The enrolment is the facilitator's signature, not the gateway's.
        Assert.Equal(_facilitator.PublicKey, Assert.Single(_ledger.ReadApplied(PresenceKinds.MemberCardEnrolled)).Author);
        Assert.Empty(PresenceProjection.Build(_ledger.ReadApplied()).Of(Meeting).Present);

        chip.PlaceCard(null);
        watcher.Poll();
        chip.PlaceCard([0x04, 0xA1, 0xB2, 0xC3]);
        watcher.Poll();
        await station.LastTap;
        Assert.Equal(["Flat 2B", "checked in ✓"], Shown(lcd));
        var presence = PresenceProjection.Build(_ledger.ReadApplied()).Of(Meeting);
        Assert.Equal([new PresentMember("Flat 2B", "door reader", "card")], presence.Present);
        Assert.Equal("present 1 of 3 — quorum 1 ✓", presence.BoardLine());
        // The ledger names the card by its hash, never by the UID a copier would need.
        Assert.DoesNotContain(_ledger.ReadAll(), e => System.Text.Encoding.UTF8.GetString(e.Body.Span).Contains("04A1B2C3", StringComparison.OrdinalIgnoreCase));

        chip.PlaceCard([0x11, 0x22, 0x33, 0x44]);
        watcher.Poll();
        await station.LastTap;
        Assert.Equal(["Card 11223344", "not enrolled"], Shown(lcd));
        Assert.Single(PresenceProjection.Build(_ledger.ReadApplied()).Of(Meeting).Present);
    }

    [Fact]
    public async Task The_ledger_refuses_a_card_enrolment_not_signed_by_a_facilitator_and_the_card_stays_unknown()
    {
        var card = MemberCards.Hash("04A1B2C3");
        var body = BodyJson.Write(new MemberCardEnrolledBody(card, "Flat 2B"));
        var byGateway = await _ledger.AppendAsync(_gateway, PresenceKinds.MemberCardEnrolled, body);
        Assert.Equal(RejectReason.NotAuthorised, byGateway.Rejection?.Reason);
        Assert.Null(PresenceProjection.Build(_ledger.ReadApplied()).MemberOfCard(card));

        // The same through the station: a gateway key handed in as the "facilitator" is refused on the display too.
        var chip = new FakeMfrc522();
        var lcd = new FakeLcdBackpack(16, 2);
        using var reader = new Mfrc522CardReader(chip);
        using var watcher = new CardTapWatcher(reader);
        using var display = new StationDisplay(new DisplayPins(DisplayPins.Lcd1602, 1, 0x27), lcd);
        using var station = new CheckInStation(watcher, _ledger, _gateway, "door reader", display: display);
        Assert.Null(station.BeginEnrol("Flat 2B", _gateway));
        chip.PlaceCard([0x04, 0xA1, 0xB2, 0xC3]);
        watcher.Poll();
        await station.LastTap;
        Assert.Equal(["Enrol", "not facilitator"], Shown(lcd));
        Assert.Empty(_ledger.ReadApplied(PresenceKinds.MemberCardEnrolled));

        // A blank member is a reason, not an exception, and leaves the station not enrolling.
        Assert.Equal("member must not be empty", station.BeginEnrol(" ", _facilitator));
        Assert.Null(station.Enrolling);
    }
}
