using Kiosk.Hardware;

namespace Kiosk.Gateway.Host;

/// <summary>
/// How the wired station's buttons drive the kiosk when they are not voting: "yes" (and any other choice button) moves
/// to the next choice, "confirm" presses it, "no" goes back, and a long press of any button goes back.
/// </summary>
public static class ControllerMapping
{
    /// <summary>The button that moves back one screen.</summary>
    public const string BackButton = "no";

    /// <summary>The controller button a station press stands for.</summary>
    public static ControllerButton For(ButtonEventArgs press)
    {
        ArgumentNullException.ThrowIfNull(press);
        if (press.LongPress || press.Button == BackButton) return ControllerButton.Back;
        return press.Button == StationPins.Confirm ? ControllerButton.Select : ControllerButton.Next;
    }
}
