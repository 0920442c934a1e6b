namespace Kiosk.Hardware;

/// <summary>
/// Where a wired button station's parts are connected (GPIO line numbers): one button and one LED per choice and for
/// confirm, and the buzzer on a PWM-capable pin with its PWM chip and channel.
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
}
