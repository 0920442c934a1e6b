namespace Kiosk.Hardware;

/// <summary>A loaded pin map, or every problem found in the file (each one sentence saying what and where).</summary>
public sealed record PinMapResult(BoardPinMap? Map, IReadOnlyList<string> Errors)
{
    /// <summary>True when the map is usable.</summary>
    public bool IsValid => Map is not null && Errors.Count == 0;
}
