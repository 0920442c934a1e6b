namespace Kiosk.Hardware;

/// <summary>Reads what <see cref="GpioChipDetection"/> needs from a Linux machine: the device-tree model and the GPIO chips' labels.</summary>
public static class GpioChipProbe
{
    /// <summary>Where the kernel names the board (absent on a PC).</summary>
    public const string ModelPath = "/proc/device-tree/model";

    /// <summary>Where the kernel lists the GPIO chips, each with a <c>label</c> file.</summary>
    public const string ChipsPath = "/sys/bus/gpio/devices";

    /// <summary>The chip for <paramref name="configured"/> (null: detect) on this machine.</summary>
    public static GpioChipChoice Choose(int? configured) =>
        configured is null ? GpioChipDetection.Choose(null, ReadText(ModelPath), ReadLabels(ChipsPath)) : GpioChipDetection.Choose(configured, null, new Dictionary<int, string>());

    /// <summary>The text of a kernel file (the model string, a chip label), or null when it is absent or unreadable.</summary>
    public static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Chip number to label of every <c>gpiochipN</c> folder under <paramref name="chipsPath"/> with a readable label.</summary>
    public static IReadOnlyDictionary<int, string> ReadLabels(string chipsPath)
    {
        var labels = new Dictionary<int, string>();
        if (!Directory.Exists(chipsPath)) return labels;
        foreach (var dir in Directory.GetDirectories(chipsPath, "gpiochip*"))
        {
            if (!int.TryParse(Path.GetFileName(dir)["gpiochip".Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var chip)) continue;
            var label = ReadText(Path.Combine(dir, "label"));
            if (label is not null) labels[chip] = label.Trim();
        }
        return labels;
    }
}
