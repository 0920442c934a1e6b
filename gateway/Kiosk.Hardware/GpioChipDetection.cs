namespace Kiosk.Hardware;

/// <summary>
/// Which <c>/dev/gpiochipN</c> carries the 40-pin header, from what the kernel says about the board. Pure: the caller
/// reads <c>/proc/device-tree/model</c> and the chips' labels (<see cref="GpioChipProbe"/>); tests pass values.
/// </summary>
/// <remarks>
/// Pi 5 kernels before 6.6.45 put the header (the RP1's pin controller) on gpiochip4, later ones on gpiochip0, so the
/// chip's label decides when the kernel tells it; the model alone is the fallback. Every other Pi uses gpiochip0.
/// </remarks>
public static class GpioChipDetection
{
    /// <summary>The header chip when nothing is known: every Pi before the 5.</summary>
    public const int DefaultChip = 0;

    /// <summary>The header chip of a Pi 5 on the kernels it shipped with.</summary>
    public const int RaspberryPi5Chip = 4;

    /// <summary>Labels of the pin controllers that drive a Pi's 40-pin header (Pi 5: RP1; Pi 4: BCM2711; earlier: BCM2835).</summary>
    private static readonly string[] HeaderLabels = ["pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835"];

    /// <summary>
    /// The chip: <paramref name="configured"/> when set; else the chip whose label is a Pi header controller; else
    /// gpiochip4 for a Raspberry Pi 5 model string; else gpiochip0.
    /// </summary>
    /// <param name="configured">The chip named by <c>--gpio-chip</c>, or null.</param>
    /// <param name="model">The board model (<c>/proc/device-tree/model</c>, e.g. "Raspberry Pi 5 Model B Rev 1.0"), or null.</param>
    /// <param name="chipLabels">Chip number to label (<c>/sys/bus/gpio/devices/gpiochipN/label</c>), empty when unknown.</param>
    public static GpioChipChoice Choose(int? configured, string? model, IReadOnlyDictionary<int, string> chipLabels)
    {
        ArgumentNullException.ThrowIfNull(chipLabels);
        if (configured is { } chip) return new GpioChipChoice(chip, "set by --gpio-chip");
        var name = model?.Trim('\0', ' ', '\n');
        var labelled = chipLabels.Where(c => HeaderLabels.Contains(c.Value.Trim(), StringComparer.Ordinal)).OrderBy(c => c.Key).ToList();
        if (labelled.Count > 0)
            return new GpioChipChoice(labelled[0].Key, $"the chip labelled {labelled[0].Value.Trim()}{(string.IsNullOrEmpty(name) ? "" : $" on {name}")}");
        if (name is not null && name.StartsWith("Raspberry Pi 5", StringComparison.Ordinal))
            return new GpioChipChoice(RaspberryPi5Chip, $"{name}: a Pi 5 kernel puts the header on gpiochip{RaspberryPi5Chip}");
        return new GpioChipChoice(DefaultChip, string.IsNullOrEmpty(name) ? "no board model known: the first chip" : $"{name}: the header is on gpiochip{DefaultChip}");
    }
}
