using Kiosk.Button.Simulator;
using Kiosk.Devices.Tests.Support;
using Kiosk.Voting.Ballots;

namespace Kiosk.Devices.Tests;

/// <summary>The retained <c>ballot/current</c> follows the ledger; LEDs of simulated buttons follow it; votes after close are refused.</summary>
public sealed class CurrentBallotRetainedTests
{
    [Fact]
    public async Task Buttons_see_the_open_ballot_then_none_after_close_and_a_late_press_is_refused()
    {
        await using var world = await DeviceWorld.CreateAsync();
        var config = await world.EnrolAsync("late");
        using var button = new VirtualButton(DeviceWorld.Settings(config));
        button.Start();
        Assert.False(button.Button.Ballot.IsOpen);

        await world.OpenRollCallAsync("b2", "for", "against");
        Assert.True(await button.WaitForBallotAsync("b2", TimeSpan.FromSeconds(10)));
        Assert.Equal(["for", "against"], button.Button.Ballot.Options);
        Assert.Equal([true, true, false, false], button.Pins.Leds);

        await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("b2"));
        Assert.True(await button.WaitForNoBallotAsync(TimeSpan.FromSeconds(10)), "the retained ballot says none is open");
        Assert.False(button.Button.Ballot.IsOpen);
        Assert.Equal([false, false, false, false], button.Pins.Leds);
        Assert.Equal(CurrentBallot.NoneState, world.Gateway.CurrentBallot!.State);
        var late = await button.PressAsync("b2", "for");
        Assert.False(late.Accepted);
        Assert.Equal(DeviceRefusals.BallotClosed, late.Reason);
        Assert.Empty(world.VotesOf("b2"));
    }
}
