namespace Kiosk.Hardware;

/// <summary>The GPIO chip of the 40-pin header, and why it was chosen ("set by --gpio-chip", "Raspberry Pi 5 …").</summary>
/// <param name="Chip">The chip number N of <c>/dev/gpiochipN</c>.</param>
/// <param name="Reason">Why this chip, for the start-up line.</param>
public sealed record GpioChipChoice(int Chip, string Reason)
{
    /// <summary>The character device of the chip.</summary>
    public string DevicePath => $"/dev/gpiochip{Chip}";
}
