namespace Kiosk.Hardware.Tests;

/// <summary>Pin maps are data; a wrong one is refused at start with a message naming the pin and the problem.</summary>
public sealed class PinMapTests
{
    private const string Header = """ "header": { "5": 29, "6": 31, "17": 11, "18": 12, "22": 15, "23": 16, "26": 37, "27": 13 }, "pwm": { "18": [0, 0] } """;

    [Theory]
    [InlineData("raspberry-pi-4.json", false)]
    [InlineData("raspberry-pi-5.json", false)]
    [InlineData("raspberry-pi-4-station.json", true)]
    [InlineData("raspberry-pi-5-station.json", true)]
    public void The_shipped_board_files_are_valid_and_only_the_station_maps_declare_bus_parts(string file, bool station)
    {
        var result = PinMapFile.Load(Path.Combine(AppContext.BaseDirectory, "boards", file));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(["abstain", "confirm", "no", "yes"], result.Map!.Station.Buttons.Keys.Order());
        Assert.Equal(18, result.Map.Station.Buzzer);
        Assert.True(result.Map.Station.BuzzerOnHardwarePwm);
        if (!station)
        {
            // A plain map needs neither SPI nor I2C switched on: a Pi with only buttons starts.
            Assert.Null(result.Map.Station.Reader);
            Assert.Null(result.Map.Station.Display);
            Assert.Null(result.Map.Station.Keypad);
            // The audio ballot's control buttons sit on the pins the station maps give the keypad.
            Assert.Equal(new Dictionary<string, int> { ["audio"] = 4, ["repeat"] = 20, ["slower"] = 21, ["faster"] = 24 }, result.Map.Station.Controls);
            return;
        }
        Assert.Equal(Path.GetFileNameWithoutExtension(file), result.Map.Board);
        Assert.Equal(new CardReaderPins(CardReaderPins.Mfrc522, 0, 0, 25, null, null, null), result.Map.Station.Reader);
        Assert.Equal(new DisplayPins(DisplayPins.Lcd1602, 1, 0x27), result.Map.Station.Display);
        Assert.Equal([4, 12, 13, 19], result.Map.Station.Keypad!.Rows);
        Assert.Equal([20, 21, 24], result.Map.Station.Keypad.Columns);
        Assert.Equal('#', result.Map.Station.Keypad.KeyAt(3, 2));
        Assert.Empty(result.Map.Station.Controls);
    }

    [Fact]
    public void A_keypad_on_a_used_pin_or_with_labels_that_do_not_fit_is_reported()
    {
        var used = PinMapFile.Parse($$"""{ "board": "pi", {{Header}}, "station": { "buttons": { "yes": 5, "confirm": 6 }, "leds": { "yes": 17, "confirm": 22 }, "keypad": { "rows": [23, 26, 27, 5], "columns": [18] , "keys": "1234" } } }""", "test.json");
        Assert.Contains("test.json: GPIO 5 (header pin 29) is used twice: by button 'yes' and by keypad row 4", used.Errors);
        Assert.Contains("test.json: station.keypad \"keys\" needs the digits 0–9, '*' (start again) and '#' (enter)", used.Errors);

        var labels = PinMapFile.Parse($$"""{ "board": "pi", {{Header}}, "station": { "buttons": { "yes": 5, "confirm": 6 }, "leds": { "yes": 17, "confirm": 22 }, "keypad": { "rows": [23, 26], "columns": [18, 27] } } }""", "test.json");
        Assert.Contains("test.json: station.keypad \"keys\" has 12 labels for 2×2 keys", labels.Errors);
    }

    [Fact]
    public void Control_buttons_need_no_led_and_must_be_known_free_and_not_choices()
    {
        var good = PinMapFile.Parse($$"""{ "board": "pi", {{Header}}, "station": { {{Buttons}}, "controls": { "repeat": 26, "faster": 27 } } }""", "test.json");
        Assert.True(good.IsValid, string.Join("; ", good.Errors));
        Assert.Equal(26, good.Map!.Station.Controls["repeat"]);

        var bad = PinMapFile.Parse($$"""{ "board": "pi", {{Header}}, "station": { "buttons": { "yes": 5, "confirm": 6, "slower": 18 }, "leds": { "yes": 17, "confirm": 22, "slower": 23 }, "controls": { "louder": 26, "slower": 27, "repeat": 5 } } }""", "test.json");
        Assert.Contains("test.json: station.controls has 'louder'; the control buttons are audio, repeat, slower, faster", bad.Errors);
        Assert.Contains("test.json: 'slower' is both a choice button and a control button", bad.Errors);
        Assert.Contains(bad.Errors, e => e.Contains("GPIO 5 (header pin 29) is used twice: by button 'yes' and by control button 'repeat'", StringComparison.Ordinal));
    }

    private const string Buses = """ "spi": { "0": { "mosi": 10, "miso": 9, "sclk": 11, "ce": [8, 7] } }, "i2c": { "1": { "sda": 2, "scl": 3 } }, "uart": { "/dev/serial0": { "tx": 14, "rx": 15 } } """;
    private const string BusHeader = """ "header": { "2": 3, "3": 5, "5": 29, "6": 31, "7": 26, "8": 24, "9": 21, "10": 19, "11": 23, "14": 8, "15": 10, "17": 11, "18": 12, "22": 15, "25": 22 }, "pwm": { "18": [0, 0] } """;
    private const string Buttons = """ "buttons": { "yes": 5, "confirm": 6 }, "leds": { "yes": 17, "confirm": 22 } """;

    [Fact]
    public void A_buzzer_on_a_pin_without_hardware_pwm_gets_software_pwm()
    {
        var result = PinMapFile.Parse($$"""{ "board": "pi", {{Header}}, "station": { "buttons": { "yes": 5, "confirm": 6 }, "leds": { "yes": 17, "confirm": 22 }, "buzzer": 23 } }""", "test.json");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.False(result.Map!.Station.BuzzerOnHardwarePwm);
        Assert.Equal(23, result.Map.Station.Buzzer);
    }

    [Fact]
    public void A_reader_on_spi_lines_a_button_uses_is_reported_with_both_uses()
    {
        var result = PinMapFile.Parse($$"""{ "board": "pi", {{BusHeader}}, {{Buses}}, "station": { "buttons": { "yes": 10, "confirm": 6 }, "leds": { "yes": 17, "confirm": 22 }, "reader": { "kind": "mfrc522", "spi": 0, "chipSelect": 0, "reset": 25 } } }""", "test.json");

        Assert.Contains("test.json: GPIO 10 (header pin 19) is used twice: by button 'yes' and by SPI0 MOSI (card reader)", result.Errors);
    }

    [Fact]
    public void Readers_and_displays_on_buses_the_board_lacks_or_sharing_an_address_are_reported()
    {
        var noBus = PinMapFile.Parse($$"""{ "board": "pi", {{BusHeader}}, {{Buses}}, "station": { {{Buttons}}, "reader": { "kind": "mfrc522", "spi": 1 }, "display": { "kind": "lcd1602", "i2c": 0 } } }""", "test.json");
        Assert.Contains(noBus.Errors, e => e.StartsWith("test.json: the mfrc522 card reader needs \"spi\"", StringComparison.Ordinal));
        Assert.Contains(noBus.Errors, e => e.StartsWith("test.json: the display needs \"i2c\"", StringComparison.Ordinal));

        var clash = PinMapFile.Parse($$"""{ "board": "pi", {{BusHeader}}, {{Buses}}, "station": { {{Buttons}}, "reader": { "kind": "pn532", "i2c": 1, "address": 39 }, "display": { "kind": "lcd2004", "i2c": 1 } } }""", "test.json");
        Assert.Contains("test.json: the card reader and the display both use address 0x27 on I2C bus 1", clash.Errors);

        var kinds = PinMapFile.Parse($$"""{ "board": "pi", {{BusHeader}}, {{Buses}}, "station": { {{Buttons}}, "reader": { "kind": "rc522" }, "display": { "kind": "ssd1306", "i2c": 1 } } }""", "test.json");
        Assert.Contains("test.json: station.reader kind 'rc522' is not mfrc522 or pn532", kinds.Errors);
        Assert.Contains("test.json: station.display kind 'ssd1306' is not lcd1602 or lcd2004", kinds.Errors);
    }

    [Fact]
    public void A_pn532_on_the_uart_and_a_display_on_i2c_are_accepted()
    {
        var result = PinMapFile.Parse($$"""{ "board": "pi", {{BusHeader}}, {{Buses}}, "station": { {{Buttons}}, "reader": { "kind": "pn532", "uart": "/dev/serial0" }, "display": { "kind": "lcd2004", "i2c": 1, "address": 63 } } }""", "test.json");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("/dev/serial0", result.Map!.Station.Reader!.Uart);
        Assert.Equal((20, 4, 0x3F), (result.Map.Station.Display!.Columns, result.Map.Station.Display.Rows, result.Map.Station.Display.I2cAddress));
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
    public void A_missing_confirm_and_a_button_without_led_are_each_reported()
    {
        var result = PinMapFile.Parse($$"""{ "board": "pi", {{Header}}, "station": { "buttons": { "yes": 5, "no": 6 }, "leds": { "yes": 17 }, "buzzer": 22 } }""", "test.json");

        Assert.DoesNotContain(result.Errors, e => e.Contains("buzzer", StringComparison.Ordinal));
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
