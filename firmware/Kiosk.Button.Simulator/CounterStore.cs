using System.Globalization;

namespace Kiosk.Button.Simulator;

/// <summary>
/// The simulator's <see cref="ISettingsStore"/>: the settings it was given and a counter in memory, or in a file next to
/// the config (the stand-in for the ESP32's flash, so a restarted virtual button keeps counting up).
/// </summary>
public sealed class CounterStore(ButtonSettings settings, string? counterFile = null) : ISettingsStore
{
    private long _counter = Read(counterFile);

    /// <inheritdoc />
    public ButtonSettings LoadSettings() => settings;

    /// <inheritdoc />
    public long ReadCounter() => Interlocked.Read(ref _counter);

    /// <inheritdoc />
    public void WriteCounter(long counter)
    {
        Interlocked.Exchange(ref _counter, counter);
        if (counterFile is null) return;
        // Written whole under another name, then renamed: a run stopped mid-write leaves the old counter, never an empty file.
        var partial = counterFile + ".partial";
        File.WriteAllText(partial, counter.ToString(CultureInfo.InvariantCulture));
        File.Move(partial, counterFile, overwrite: true);
    }

    private static long Read(string? counterFile)
    {
        if (counterFile is null || !File.Exists(counterFile)) return 0;
        var text = File.ReadAllText(counterFile).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var counter)
            ? counter
            : throw new InvalidDataException($"{counterFile}: '{text}' is not a press counter; delete the file only if the gateway's devices.db was reset too");
    }
}
