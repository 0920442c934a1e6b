namespace Kiosk.Hardware;

/// <summary>Timing of a wired station: how long a level must hold to count, and how long a hold is a long press.</summary>
public sealed class ButtonStationOptions
{
    /// <summary>A new level counts once it has held this long (contact bounce of cheap tactile switches is 1–10 ms).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>A press held this long is a long press (cancel / help on the kiosk).</summary>
    public TimeSpan LongPress { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Where time comes from (a fake in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
