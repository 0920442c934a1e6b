namespace Kiosk.Hardware.Tests;

/// <summary>Debounce and long press of the wired station, driven by the simulated GPIO driver and a fake clock.</summary>
public sealed class ButtonStationTests
{
    [Fact]
    public void Bounce_is_filtered_into_one_press()
    {
        using var world = new StationWorld();
        var pin = world.Button("yes");
        // A bouncing contact: eight edges 2 ms apart on the way down, five on the way up.
        for (var i = 0; i < 8; i++)
        {
            if (i % 2 == 0) world.Driver.Press(pin); else world.Driver.Release(pin);
            world.Advance(2);
        }
        world.Driver.Press(pin);
        world.Advance(200);
        for (var i = 0; i < 5; i++)
        {
            if (i % 2 == 0) world.Driver.Release(pin); else world.Driver.Press(pin);
            world.Advance(3);
        }
        world.Driver.Release(pin);
        world.Advance(100);

        Assert.Equal([("yes", false)], world.Presses);
    }

    [Fact]
    public void A_glitch_shorter_than_the_debounce_time_is_no_press()
    {
        using var world = new StationWorld();
        world.Driver.Press(world.Button("no"));
        world.Advance(10);
        world.Driver.Release(world.Button("no"));
        world.Advance(100);

        Assert.Empty(world.Presses);
    }

    [Fact]
    public void A_long_press_is_recognised_while_held_and_not_repeated_on_release()
    {
        using var world = new StationWorld();
        world.Driver.Press(world.Button("confirm"));
        world.Advance(500);
        Assert.Empty(world.Presses);
        world.Advance(400);
        Assert.Equal([("confirm", true)], world.Presses);
        world.Advance(2000);
        world.Driver.Release(world.Button("confirm"));
        world.Advance(100);

        Assert.Equal([("confirm", true)], world.Presses);
    }

    [Fact]
    public void Short_presses_of_different_buttons_are_reported_in_order()
    {
        using var world = new StationWorld();
        world.Click("abstain");
        world.Click("yes");
        world.Click("confirm");

        Assert.Equal([("abstain", false), ("yes", false), ("confirm", false)], world.Presses);
    }
}
