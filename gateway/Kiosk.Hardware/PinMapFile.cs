using System.Text.Json;

namespace Kiosk.Hardware;

/// <summary>
/// Reads <c>hardware/boards/*.json</c> and checks it before any pin is touched: every pin must exist on the board, none may
/// be used twice, each choice needs its LED, confirm must exist, the buzzer must be on a PWM pin. See hardware/README.md.
/// </summary>
public static class PinMapFile
{
    private sealed record FileShape(string? Board, Dictionary<string, int>? Header, Dictionary<string, int[]>? Pwm, StationShape? Station);
    private sealed record StationShape(Dictionary<string, int>? Buttons, Dictionary<string, int>? Leds, int? Buzzer);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

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
        try { shape = JsonSerializer.Deserialize<FileShape>(json, Options); }
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
        if (station.Buzzer is { } buzzer)
        {
            Use("the buzzer", buzzer);
            if (!pwm.ContainsKey(buzzer)) errors.Add($"{source}: the buzzer is on GPIO {buzzer}, which has no PWM channel on {board} (PWM pins: {string.Join(", ", pwm.Keys.Order())})");
        }
        if (!buttons.ContainsKey(StationPins.Confirm)) errors.Add($"{source}: station.buttons needs a '{StationPins.Confirm}' button");
        foreach (var name in buttons.Keys.Where(b => !leds.ContainsKey(b))) errors.Add($"{source}: button '{name}' has no LED in station.leds");
        foreach (var name in leds.Keys.Where(l => !buttons.ContainsKey(l))) errors.Add($"{source}: LED '{name}' has no button in station.buttons");
        if (errors.Count > 0) return new(null, errors);

        var (chip, channel) = station.Buzzer is { } b ? pwm[b] : (0, 0);
        return new(new BoardPinMap(board, header, pwm, new StationPins(buttons, leds, station.Buzzer, chip, channel)), []);
    }
}
