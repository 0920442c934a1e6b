using Kiosk.Hardware;

namespace Kiosk.Gateway.Host;

/// <summary>
/// How the wired station's buttons drive the kiosk when they are not voting: "yes" (and any other choice button) moves
/// to the next choice, "confirm" presses it, "no" goes back, and a long press of any choice button goes back. The audio
/// ballot's control buttons (pin map <c>station.controls</c>) are what they are named: audio, repeat, slower, faster.
/// </summary>
public static class ControllerMapping
{
    /// <summary>The button that moves back one screen.</summary>
    public const string BackButton = "no";

    /// <summary>The controller button a station press stands for.</summary>
    public static ControllerButton For(ButtonEventArgs press)
    {
        ArgumentNullException.ThrowIfNull(press);
        if (ControlOf(press.Button) is { } control) return control;
        if (press.LongPress || press.Button == BackButton) return ControllerButton.Back;
        return press.Button == StationPins.Confirm ? ControllerButton.Select : ControllerButton.Next;
    }

    /// <summary>Whether <paramref name="button"/> names a control button, and which.</summary>
    public static bool IsControl(string button) => ControlOf(button) is not null;

    private static ControllerButton? ControlOf(string button) => button switch
    {
        "audio" => ControllerButton.Audio,
        "repeat" => ControllerButton.Repeat,
        "slower" => ControllerButton.Slower,
        "faster" => ControllerButton.Faster,
        _ => null,
    };
}
