namespace Kiosk.Hardware;

/// <summary>
/// Where a wired button station's parts are connected (GPIO line numbers): one button and one LED per choice and for
/// confirm, the buzzer (on a hardware PWM channel, or any pin through software PWM), optionally the audio ballot's control
/// buttons (no LED, never a choice), an NFC card reader and a character display.
/// </summary>
public sealed record StationPins(
    IReadOnlyDictionary<string, int> Buttons,
    IReadOnlyDictionary<string, int> Leds,
    int? Buzzer,
    int PwmChip,
    int PwmChannel)
{
    /// <summary>The name of the confirm button (and its LED).</summary>
    public const string Confirm = "confirm";

    /// <summary>The control buttons a pin map may wire besides the choices: audio mode on/off, say again, speak slower, speak faster.</summary>
    public static IReadOnlyList<string> ControlNames { get; } = ["audio", "repeat", "slower", "faster"];

    /// <summary>
    /// The audio ballot's control buttons by name (of <see cref="ControlNames"/>), each on its own pin: pressed like the
    /// choice buttons but never a choice and without an LED. Empty when the map wires none.
    /// </summary>
    public IReadOnlyDictionary<string, int> Controls { get; init; } = new Dictionary<string, int>();

    /// <summary>True when the buzzer's pin has a hardware PWM channel (<see cref="PwmChip"/>, <see cref="PwmChannel"/>); false: software PWM on the pin.</summary>
    public bool BuzzerOnHardwarePwm { get; init; } = true;

    /// <summary>The member-card reader, or null.</summary>
    public CardReaderPins? Reader { get; init; }

    /// <summary>The matrix keypad for card PINs, or null.</summary>
    public KeypadPins? Keypad { get; init; }

    /// <summary>The character display, or null.</summary>
    public DisplayPins? Display { get; init; }
}
