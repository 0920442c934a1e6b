using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiosk.Hardware;

/// <summary>
/// Reads <c>hardware/boards/*.json</c> and checks it before any pin is touched: every pin must exist on the board, none may
/// be used twice (the lines of the buses the card reader and display use included), each choice needs its LED, confirm must
/// exist, control buttons are only those of <see cref="StationPins.ControlNames"/>, the reader and display must name a bus the board has. A buzzer off hardware PWM gets software PWM. See hardware/README.md.
/// </summary>
public static partial class PinMapFile
{
    private sealed record FileShape(string? Board, Dictionary<string, int>? Header, Dictionary<string, int[]>? Pwm, StationShape? Station,
        Dictionary<string, SpiShape>? Spi, Dictionary<string, I2cShape>? I2c, Dictionary<string, UartShape>? Uart);
    private sealed record StationShape(Dictionary<string, int>? Buttons, Dictionary<string, int>? Leds, int? Buzzer, ReaderShape? Reader, DisplayShape? Display, KeypadShape? Keypad, Dictionary<string, int>? Controls);
    private sealed record KeypadShape(int[]? Rows, int[]? Columns, string? Keys);
    private sealed record SpiShape(int Mosi, int Miso, int Sclk, int[]? Ce);
    private sealed record I2cShape(int Sda, int Scl);
    private sealed record UartShape(int Tx, int Rx);
    private sealed record ReaderShape(string? Kind, int? Spi, int? ChipSelect, int? Reset, int? I2c, int? Address, string? Uart);
    private sealed record DisplayShape(string? Kind, int? I2c, int? Address);

    /// <summary>The file's source-generated JSON contract (read without reflection): web names, comments allowed.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip)]
    [JsonSerializable(typeof(FileShape))]
    private sealed partial class ShapeJson : JsonSerializerContext;

    /// <summary>Loads and checks the file at <paramref name="path"/>.</summary>
    public static PinMapResult Load(string path)
    {
        if (!File.Exists(path)) return new(null, [$"pin map {path} does not exist"]);
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <summary>Checks pin-map JSON; <paramref name="source"/> names it in messages.</summary>
    public static PinMapResult Parse(string json, string source = "pin map")
    {
        FileShape? shape;
        try { shape = JsonSerializer.Deserialize(json, ShapeJson.Default.FileShape); }
        catch (JsonException e) { return new(null, [$"{source}: not valid JSON ({e.Message})"]); }
        var errors = new List<string>();
        if (shape?.Board is null) errors.Add($"{source}: \"board\" is missing");
        if (shape?.Header is null || shape.Header.Count == 0) errors.Add($"{source}: \"header\" (GPIO number → header pin) is missing");
        if (shape?.Station?.Buttons is null || shape.Station.Buttons.Count == 0) errors.Add($"{source}: \"station.buttons\" is missing");
        if (errors.Count > 0) return new(null, errors);

        var board = shape!.Board!;
        var header = new Dictionary<int, int>();
        foreach (var (gpio, pin) in shape.Header!)
        {
            if (!int.TryParse(gpio.Replace("GPIO", "", StringComparison.OrdinalIgnoreCase), out var n)) errors.Add($"{source}: header key '{gpio}' is not a GPIO number");
            else header[n] = pin;
        }
        var pwm = new Dictionary<int, (int, int)>();
        foreach (var (gpio, chipChannel) in shape.Pwm ?? [])
            if (int.TryParse(gpio.Replace("GPIO", "", StringComparison.OrdinalIgnoreCase), out var n) && chipChannel.Length == 2) pwm[n] = (chipChannel[0], chipChannel[1]);
            else errors.Add($"{source}: pwm entry '{gpio}' must map a GPIO number to [chip, channel]");

        var station = shape.Station!;
        var buttons = station.Buttons!;
        var leds = station.Leds ?? [];
        var users = new Dictionary<int, string>();
        void Use(string role, int gpio)
        {
            if (!header.ContainsKey(gpio))
                errors.Add($"{source}: {role} uses GPIO {gpio}, which {board} does not have on its header (it has GPIO {string.Join(", ", header.Keys.Order())})");
            else if (users.TryGetValue(gpio, out var other))
                errors.Add($"{source}: GPIO {gpio} (header pin {header[gpio]}) is used twice: by {other} and by {role}");
            else users[gpio] = role;
        }
        foreach (var (name, gpio) in buttons) Use($"button '{name}'", gpio);
        foreach (var (name, gpio) in leds) Use($"LED '{name}'", gpio);
        var controls = station.Controls ?? [];
        foreach (var (name, gpio) in controls)
        {
            if (!StationPins.ControlNames.Contains(name))
                errors.Add($"{source}: station.controls has '{name}'; the control buttons are {string.Join(", ", StationPins.ControlNames)}");
            else if (buttons.ContainsKey(name))
                errors.Add($"{source}: '{name}' is both a choice button and a control button");
            Use($"control button '{name}'", gpio);
        }
        // A buzzer on a pin without a hardware PWM channel gets software PWM (SoftwarePwmChannel), so any free pin will do.
        if (station.Buzzer is { } buzzer) Use("the buzzer", buzzer);
        var keypad = station.Keypad is { } k ? CheckKeypad(k, source, Use, errors) : null;
        var buses = ReadBuses(shape, source, errors);
        var reader = station.Reader is { } r ? CheckReader(r, buses, source, board, Use, errors) : null;
        var display = station.Display is { } d ? CheckDisplay(d, buses, source, board, errors) : null;
        if (reader?.I2cBus is { } readerBus && display is not null && display.I2cBus == readerBus && reader.I2cAddress == display.I2cAddress)
            errors.Add($"{source}: the card reader and the display both use address 0x{display.I2cAddress:X2} on I2C bus {readerBus}");
        var i2cUsers = new[] { (reader?.I2cBus, "card reader"), (display?.I2cBus, "display") }.Where(u => u.Item1 is not null).GroupBy(u => u.Item1!.Value);
        foreach (var bus in i2cUsers)
            if (buses.I2c.TryGetValue(bus.Key, out var lines))
            {
                var who = string.Join(" and ", bus.Select(u => u.Item2));
                Use($"I2C{bus.Key} SDA ({who})", lines.Sda);
                Use($"I2C{bus.Key} SCL ({who})", lines.Scl);
            }
        if (!buttons.ContainsKey(StationPins.Confirm)) errors.Add($"{source}: station.buttons needs a '{StationPins.Confirm}' button");
        foreach (var name in buttons.Keys.Where(b => !leds.ContainsKey(b))) errors.Add($"{source}: button '{name}' has no LED in station.leds");
        foreach (var name in leds.Keys.Where(l => !buttons.ContainsKey(l))) errors.Add($"{source}: LED '{name}' has no button in station.buttons");
        if (errors.Count > 0) return new(null, errors);

        var onHardwarePwm = station.Buzzer is not { } b || pwm.ContainsKey(b);
        var (chip, channel) = station.Buzzer is { } buzzerPin && pwm.TryGetValue(buzzerPin, out var pc) ? pc : (0, 0);
        var pins = new StationPins(buttons, leds, station.Buzzer, chip, channel) { BuzzerOnHardwarePwm = onHardwarePwm, Reader = reader, Display = display, Keypad = keypad, Controls = controls };
        return new(new BoardPinMap(board, header, pwm, pins) { Buses = buses }, []);
    }

    private static BoardBuses ReadBuses(FileShape shape, string source, List<string> errors)
    {
        var spi = new Dictionary<int, SpiBusPins>();
        foreach (var (key, bus) in shape.Spi ?? [])
            if (int.TryParse(key, out var n)) spi[n] = new SpiBusPins(bus.Mosi, bus.Miso, bus.Sclk, bus.Ce ?? []);
            else errors.Add($"{source}: spi key '{key}' is not a bus number");
        var i2c = new Dictionary<int, I2cBusPins>();
        foreach (var (key, bus) in shape.I2c ?? [])
            if (int.TryParse(key, out var n)) i2c[n] = new I2cBusPins(bus.Sda, bus.Scl);
            else errors.Add($"{source}: i2c key '{key}' is not a bus number");
        var uart = (shape.Uart ?? []).ToDictionary(u => u.Key, u => new UartPins(u.Value.Tx, u.Value.Rx));
        return new BoardBuses(spi, i2c, uart);
    }

    private static CardReaderPins? CheckReader(ReaderShape r, BoardBuses buses, string source, string board, Action<string, int> use, List<string> errors)
    {
        var before = errors.Count;
        switch (r.Kind)
        {
            case CardReaderPins.Mfrc522:
                if (r.Spi is not { } bus || !buses.Spi.TryGetValue(bus, out var spi))
                {
                    errors.Add($"{source}: the mfrc522 card reader needs \"spi\": a bus {board} has (it has SPI {string.Join(", ", buses.Spi.Keys.Order())})");
                    break;
                }
                var cs = r.ChipSelect ?? 0;
                if (cs < 0 || cs >= spi.ChipSelects.Count) { errors.Add($"{source}: the card reader's chipSelect {cs} does not exist on SPI{bus} (it has {spi.ChipSelects.Count})"); break; }
                use($"SPI{bus} MOSI (card reader)", spi.Mosi);
                use($"SPI{bus} MISO (card reader)", spi.Miso);
                use($"SPI{bus} SCLK (card reader)", spi.Sclk);
                use($"SPI{bus} CE{cs} (card reader)", spi.ChipSelects[cs]);
                if (r.Reset is { } reset) use("the card reader's reset", reset);
                return errors.Count > before ? null : new CardReaderPins(CardReaderPins.Mfrc522, bus, cs, r.Reset, null, null, null);
            case CardReaderPins.Pn532 when r.Uart is { } port:
                if (!buses.Uart.TryGetValue(port, out var uart)) { errors.Add($"{source}: the pn532 card reader's uart {port} is not a UART of {board} (it has {string.Join(", ", buses.Uart.Keys.Order(StringComparer.Ordinal))})"); break; }
                use($"{port} TX (card reader)", uart.Tx);
                use($"{port} RX (card reader)", uart.Rx);
                return errors.Count > before ? null : new CardReaderPins(CardReaderPins.Pn532, null, null, null, null, null, port);
            case CardReaderPins.Pn532:
                if (r.I2c is not { } i2c || !buses.I2c.ContainsKey(i2c))
                {
                    errors.Add($"{source}: the pn532 card reader needs \"i2c\" (a bus {board} has: {string.Join(", ", buses.I2c.Keys.Order())}) or \"uart\"");
                    break;
                }
                var address = r.Address ?? CardReaderPins.Pn532Address;
                if (address is < 0x03 or > 0x77) { errors.Add($"{source}: the card reader's I2C address 0x{address:X2} is outside 0x03–0x77"); break; }
                return new CardReaderPins(CardReaderPins.Pn532, null, null, null, i2c, address, null);
            default:
                errors.Add($"{source}: station.reader kind '{r.Kind}' is not {CardReaderPins.Mfrc522} or {CardReaderPins.Pn532}");
                break;
        }
        return null;
    }

    private static KeypadPins? CheckKeypad(KeypadShape k, string source, Action<string, int> use, List<string> errors)
    {
        if (k.Rows is not { Length: > 0 } rows || k.Columns is not { Length: > 0 } columns)
        {
            errors.Add($"{source}: station.keypad needs \"rows\" and \"columns\" (GPIO numbers)");
            return null;
        }
        var keys = k.Keys ?? (columns.Length == 4 ? KeypadPins.Keys4x4 : KeypadPins.Keys4x3);
        if (keys.Length != rows.Length * columns.Length)
        {
            errors.Add($"{source}: station.keypad \"keys\" has {keys.Length} labels for {rows.Length}×{columns.Length} keys");
            return null;
        }
        if (!keys.Contains('#') || !keys.Contains('*') || !"0123456789".All(keys.Contains))
            errors.Add($"{source}: station.keypad \"keys\" needs the digits 0–9, '*' (start again) and '#' (enter)");
        for (var i = 0; i < rows.Length; i++) use($"keypad row {i + 1}", rows[i]);
        for (var i = 0; i < columns.Length; i++) use($"keypad column {i + 1}", columns[i]);
        return new KeypadPins(rows, columns, keys);
    }

    private static DisplayPins? CheckDisplay(DisplayShape d, BoardBuses buses, string source, string board, List<string> errors)
    {
        if (d.Kind is not (DisplayPins.Lcd1602 or DisplayPins.Lcd2004))
        {
            errors.Add($"{source}: station.display kind '{d.Kind}' is not {DisplayPins.Lcd1602} or {DisplayPins.Lcd2004}");
            return null;
        }
        if (d.I2c is not { } bus || !buses.I2c.ContainsKey(bus))
        {
            errors.Add($"{source}: the display needs \"i2c\": a bus {board} has (it has I2C {string.Join(", ", buses.I2c.Keys.Order())})");
            return null;
        }
        var address = d.Address ?? DisplayPins.DefaultAddress;
        if (address is < 0x03 or > 0x77)
        {
            errors.Add($"{source}: the display's I2C address 0x{address:X2} is outside 0x03–0x77");
            return null;
        }
        return new DisplayPins(d.Kind, bus, address);
    }
}
