namespace Kiosk.Hardware.Tests;

/// <summary>Pin maps are data; a wrong one is refused at start with a message naming the pin and the problem.</summary>
public sealed class PinMapTests
{
    private const string Header = """ "header": { "5": 29, "6": 31, "17": 11, "18": 12, "22": 15, "23": 16, "26": 37, "27": 13 }, "pwm": { "18": [0, 0] } """;

    [Theory]
    [InlineData("raspberry-pi-4.json")]
    [InlineData("raspberry-pi-5.json")]
    public void The_shipped_board_files_are_valid(string file)
    {
        var result = PinMapFile.Load(Path.Combine(AppContext.BaseDirectory, "boards", file));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(["abstain", "confirm", "no", "yes"], result.Map!.Station.Buttons.Keys.Order());
        Assert.Equal(18, result.Map.Station.Buzzer);
    }

    [Fact]
    public void A_pin_used_twice_is_reported_with_both_uses()
    {
        var result = PinMapFile.Parse($$"""{ "board": "pi", {{Header}}, "station": { "buttons": { "yes": 5, "confirm": 6 }, "leds": { "yes": 17, "confirm": 5 } } }""", "test.json");

        Assert.False(result.IsValid);
        Assert.Contains("test.json: GPIO 5 (header pin 29) is used twice: by button 'yes' and by LED 'confirm'", result.Errors);
    }

    [Fact]
    public void A_pin_the_board_lacks_is_reported()
    {
        var result = PinMapFile.Parse($$"""{ "board": "pi", {{Header}}, "station": { "buttons": { "yes": 40, "confirm": 6 }, "leds": { "yes": 17, "confirm": 22 } } }""", "test.json");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.StartsWith("test.json: button 'yes' uses GPIO 40, which pi does not have on its header", StringComparison.Ordinal));
    }

    [Fact]
    public void A_buzzer_off_pwm_a_missing_confirm_and_a_button_without_led_are_each_reported()
    {
        var result = PinMapFile.Parse($$"""{ "board": "pi", {{Header}}, "station": { "buttons": { "yes": 5, "no": 6 }, "leds": { "yes": 17 }, "buzzer": 22 } }""", "test.json");

        Assert.Contains(result.Errors, e => e.Contains("the buzzer is on GPIO 22, which has no PWM channel", StringComparison.Ordinal));
        Assert.Contains("test.json: station.buttons needs a 'confirm' button", result.Errors);
        Assert.Contains("test.json: button 'no' has no LED in station.leds", result.Errors);
    }

    [Fact]
    public void Broken_json_and_a_missing_file_are_reported()
    {
        Assert.Contains(PinMapFile.Parse("{ nope", "x.json").Errors, e => e.StartsWith("x.json: not valid JSON", StringComparison.Ordinal));
        Assert.Contains(PinMapFile.Load("/nonexistent/board.json").Errors, e => e.Contains("does not exist", StringComparison.Ordinal));
    }
}
