namespace Kiosk.Hardware;

/// <summary>A debounced press of a station button: which one, and whether it was a long press.</summary>
public sealed class ButtonEventArgs(string button, bool longPress) : EventArgs
{
    /// <summary>The button's name in the pin map ("yes", "no", "abstain", "confirm", …).</summary>
    public string Button { get; } = button;

    /// <summary>True when held at least <see cref="ButtonStationOptions.LongPress"/>.</summary>
    public bool LongPress { get; } = longPress;
}
