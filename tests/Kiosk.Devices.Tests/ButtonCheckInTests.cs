using System.Text.Json;
using Kiosk.Button;
using Kiosk.Button.Simulator;
using Kiosk.Devices.Tests.Support;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Presence;

namespace Kiosk.Devices.Tests;

/// <summary>
/// Check-in by a member's own button: a simulated ESP32 button (the firmware's logic over MQTTnet, through the real
/// device broker) pressed while no ballot is open checks the member it is named to in to the open meeting, as a
/// PresenceRecorded signed by the gateway with source "button"; with no meeting open it is refused and writes nothing.
/// </summary>
public sealed class ButtonCheckInTests : IAsyncLifetime
{
    private DeviceWorld _world = null!;

    public async Task InitializeAsync() => _world = await DeviceWorld.CreateAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_press_with_no_ballot_open_checks_the_buttons_member_in_and_the_board_counts_them()
    {
        var config = await _world.EnrolAsync("seat-7");
        await using var fleet = new ButtonFleet([DeviceWorld.Settings(config)]);
        Assert.True(await fleet.StartAsync());
        var button = fleet.Buttons[0];

        // No meeting open: refused with the reason, nothing written.
        var early = await button.PressSlotAsync(0);
        Assert.False(early.Accepted);
        Assert.Equal(DeviceRefusals.NoMeeting, early.Reason);
        Assert.Empty(_world.Ledger.ReadApplied(PresenceKinds.PresenceRecorded));
        // A slot other than the first does nothing while no ballot is open.
        Assert.False((await button.PressSlotAsync(1)).Sent);

        await _world.Write(_world.Facilitator, PresenceKinds.MeetingOpened, new MeetingOpenedBody("december", 3, 1, 3));
        var pressed = await button.PressSlotAsync(0);
        Assert.True(pressed.Accepted, $"{pressed.Feedback} {pressed.Reason}");
        Assert.Equal("checked-in", pressed.Tracker);

        var recorded = Assert.Single(_world.Ledger.ReadApplied(PresenceKinds.PresenceRecorded));
        Assert.Equal(_world.GatewayKey.PublicKey, recorded.Author);
        var body = JsonSerializer.Deserialize<PresenceRecordedBody>(recorded.Body.Span, BodyJson.Options)!;
        Assert.Equal(new PresenceRecordedBody("december", "Member seat-7", PresenceRecordedBody.In, PresenceRecordedBody.Button, "button seat-7"), body);
        var presence = PresenceProjection.Build(_world.Ledger.ReadApplied()).Of("december");
        Assert.Equal("present 1 of 3 — quorum 1 ✓", presence.BoardLine());
        Assert.Equal(new PresentMember("Member seat-7", "button seat-7", PresenceRecordedBody.Button), Assert.Single(presence.Present));
    }

    [Fact]
    public async Task A_presence_press_that_is_not_in_or_out_or_from_a_button_of_no_member_is_refused()
    {
        await _world.Write(_world.Facilitator, PresenceKinds.MeetingOpened, new MeetingOpenedBody("december", 3, 1, 3));
        var config = await _world.EnrolAsync("seat-8");
        await using var fleet = new ButtonFleet([DeviceWorld.Settings(config)]);
        Assert.True(await fleet.StartAsync());
        var odd = await fleet.Buttons[0].PressAsync(ButtonProtocol.PresenceBallot, "maybe");
        Assert.False(odd.Accepted);
        Assert.Equal(DeviceRefusals.NotEligible, odd.Reason);

        var outcome = await _world.Gateway.Desk.CheckInWithDeviceAsync("no-such-button", PresenceRecordedBody.In);
        Assert.Equal("device no-such-button is not enrolled", outcome.Problem);
        Assert.Empty(_world.Ledger.ReadApplied(PresenceKinds.PresenceRecorded));
    }
}
