using Kiosk.Hardware.Tests.Support;

namespace Kiosk.Hardware.Tests;

/// <summary>
/// The station's LCD through the real Lcd1602/Lcd2004 and Pcf8574 bindings on a fake backpack that decodes the HD44780's
/// 4-bit writes into the characters shown: the text at each step of a roll-call vote and a check-in.
/// </summary>
public sealed class StationDisplayTests
{
    private static List<string> Shown(FakeLcdBackpack lcd) =>
        lcd.Rows.Select(r => r.Replace('\0', StationScreen.Check)).ToList();

    [Fact]
    public void A_16x2_display_shows_each_step_of_a_roll_call_vote()
    {
        var lcd = new FakeLcdBackpack(16, 2);
        using var display = new StationDisplay(new DisplayPins(DisplayPins.Lcd1602, 1, 0x27), lcd);

        display.Show(StationScreen.Idle());
        Assert.Equal(["No open ballot", "Tap to check in"], Shown(lcd));

        display.Show(StationScreen.Ballot("Fix the lift"));
        Assert.Equal(["Fix the lift", "Tap card to vote"], Shown(lcd));

        display.Show(StationScreen.Identified("Fix the lift", "Flat 2B"));
        Assert.Equal(["Fix the lift", "Flat 2B: choose"], Shown(lcd));

        display.Show(StationScreen.Selected("Fix the lift", "yes"));
        Assert.Equal(["Fix the lift", "> yes? confirm"], Shown(lcd));

        display.Show(StationScreen.Counted("Fix the lift"));
        Assert.Equal(["Fix the lift", "counted ✓"], Shown(lcd));
        Assert.Equal(StationDisplay.CheckGlyph, lcd.Glyph(0));

        display.Show(StationScreen.Refused("Fix the lift", "ballot is closed"));
        Assert.Equal(["Fix the lift", "ballot is closed"], Shown(lcd));
    }

    [Fact]
    public void A_20x4_display_shows_a_check_in_and_cuts_long_titles()
    {
        var lcd = new FakeLcdBackpack(20, 4);
        using var display = new StationDisplay(new DisplayPins(DisplayPins.Lcd2004, 1, 0x27), lcd);

        display.Show(StationScreen.Presence("Flat 2B", checkedIn: true));
        Assert.Equal(["Flat 2B", "checked in ✓", "", ""], Shown(lcd));

        display.Show(StationScreen.Ballot("Budget 2027: the roof, the lift and the garden"));
        Assert.Equal(["Budget 2027: the roo", "Tap card to vote", "", ""], Shown(lcd));
    }

    [Fact]
    public void Characters_the_lcd_lacks_become_question_marks()
    {
        var fitted = StationScreen.Refused("Votación mañana", "counted ✓").Fit(16, 2);

        Assert.Equal(["Votaci?n ma?ana ", "counted ✓       "], fitted);
    }
}
