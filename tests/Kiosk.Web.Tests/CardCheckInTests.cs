using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Hardware;
using Kiosk.Hardware.Tests.Support;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Presence;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// The member-card reader and display in the running gateway, on fake chips under the real bindings: a facilitator enrols
/// a card from the console by tapping it, a tap checks the member in, the console lists who is present and who checked
/// them in, and a declared reader that is not there stops the gateway with one sentence.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class CardCheckInTests(WebFixture fixture)
{
    private static readonly byte[] Card = [0x04, 0xA1, 0xB2, 0xC3];

    [Fact]
    public async Task A_card_enrolled_from_the_console_checks_its_member_in_and_the_console_lists_who_checked_them_in()
    {
        var chip = new FakeMfrc522();
        var lcd = new FakeLcdBackpack(16, 2);
        await using var world = await WiredGateway.StartAsync(buses: new FakeStationBuses(chip, lcd));
        var station = Assert.IsType<CheckInStation>(world.Host.WiredStation.CheckIn);
        Assert.Equal(["No open ballot", "Tap to check in"], Shown(lcd));
        Assert.Contains("mfrc522 card reader checks members in; lcd1602 display", world.Host.WiredStation.Describe(), StringComparison.Ordinal);

        var console = world.Host.ConsoleUri.ToString().TrimEnd('/');
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{console}/console");
        await page.GetByLabel("Facilitator").SelectOptionAsync(DemoAssembly.FacilitatorKey);
        await page.GetByLabel("Passphrase").FillAsync(DemoAssembly.FacilitatorPassphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.GetByLabel("Member", new() { Exact = true }).FillAsync("Flat 2B");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol the next card tapped" }).ClickAsync();
        await Expect(page.Locator("p.ok")).ToContainTextAsync("Tap Flat 2B’s card on ");
        Assert.Equal("Flat 2B", station.Enrolling);
        Assert.Equal(["Enrol: Flat 2B", "Tap the card"], Shown(lcd));

        // The reader is polled on the gateway's clock: the card is seen at the next poll.
        chip.PlaceCard(Card);
        world.Advance(200);
        await station.LastTap;
        Assert.Equal(["Flat 2B", "card enrolled ✓"], Shown(lcd));
        var ledger = world.Host.Context.Ledger;
        var enrolment = Assert.Single(ledger.ReadApplied(PresenceKinds.MemberCardEnrolled));
        Assert.Equal("Ana", ledger.Authority.Members[enrolment.Author].Name); // the facilitator's signature, not the gateway's

        // No meeting is open yet: the tap is refused on the display and writes nothing.
        chip.PlaceCard(null);
        world.Advance(200);
        chip.PlaceCard(Card);
        world.Advance(200);
        await station.LastTap;
        Assert.Equal(["Flat 2B", "no meeting open"], Shown(lcd));
        Assert.Empty(ledger.ReadApplied(PresenceKinds.PresenceRecorded));

        var data = new DataFolder(new DirectoryInfo(world.DataPath));
        using (var ana = data.ReadKey(DemoAssembly.FacilitatorKey))
        {
            Assert.True((await ledger.AppendAsync(ana, PresenceKinds.MeetingOpened, BodyJson.Write(new MeetingOpenedBody("december", 3, 1, 3)))).IsCommitted);
            Assert.True((await ledger.AppendAsync(ana, PresenceKinds.PresenceRecorded,
                BodyJson.Write(new PresenceRecordedBody("december", "Flat 1A", PresenceRecordedBody.In, PresenceRecordedBody.Console, "Ana")))).IsCommitted);
        }
        chip.PlaceCard(null);
        world.Advance(200);
        chip.PlaceCard(Card);
        world.Advance(200);
        await station.LastTap;
        Assert.Equal(["Flat 2B", "checked in ✓"], Shown(lcd));

        await page.GotoAsync($"{console}/console");
        var list = page.Locator("section.presence-list[data-meeting=december]");
        await Expect(list.Locator("p")).ToHaveTextAsync("present 2 of 3 — quorum 1 ✓");
        var rows = await list.Locator("tbody tr").AllInnerTextsAsync();
        Assert.Equal(["Flat 1A\tAna\tconsole", $"Flat 2B\t{GatewayName(world)} card reader\tcard"], rows);
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_card_reader_the_pin_map_declares_but_the_board_lacks_stops_the_gateway_with_one_sentence_and_the_plain_map_starts()
    {
        var data = Directory.CreateTempSubdirectory("kiosk-noreader").FullName;
        var dev = Directory.CreateTempSubdirectory("kiosk-nodev").FullName;
        try
        {
            await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(data)), 0, CancellationToken.None, argonMemoryKiB: 8 * 1024);
            var thrown = await Assert.ThrowsAsync<UserErrorException>(() => GatewayHost.StartAsync(WebFixture.Options(data) with
            {
                Wired = new WiredStationOptions { Board = WiredGateway.StationBoard, Driver = () => new SimulatedGpioDriver(), Buses = new LinuxStationBuses(dev) },
            }));
            // The plain map (the default) declares no SPI or I2C part: the same Pi, without SPI or I2C, starts.
            await using (var plain = await GatewayHost.StartAsync(WebFixture.Options(data) with
            {
                Wired = new WiredStationOptions { Driver = () => new SimulatedGpioDriver(), Buses = new LinuxStationBuses(dev) },
            }))
            {
                Assert.Null(plain.WiredStation.CheckIn);
                Assert.Null(plain.WiredStation.Display);
            }
            Assert.Equal($"pin map raspberry-pi-4-station: the MFRC522 card reader on SPI 0 chip select 0 cannot be opened: there is no {Path.Combine(dev, "spidev0.0")}: switch SPI on (dtparam=spi=on in /boot/firmware/config.txt) and reboot", thrown.Message);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
            Directory.Delete(dev, recursive: true);
        }
    }

    private static string GatewayName(WiredGateway world) => world.Host.Context.Ledger.Authority.Members[world.Host.Context.GatewayKey.PublicKey].Name;

    private static List<string> Shown(FakeLcdBackpack lcd) => lcd.Rows.Select(r => r.Replace('\0', StationScreen.Check)).ToList();
}
