using System.Globalization;

namespace Kiosk.Button.Simulator;

/// <summary>
/// The simulator's <see cref="ISettingsStore"/>: the settings it was given and a counter in memory, or in a file next to
/// the config (the stand-in for the ESP32's flash, so a restarted virtual button keeps counting up).
/// </summary>
public sealed class CounterStore(ButtonSettings settings, string? counterFile = null) : ISettingsStore
{
    private long _counter = counterFile is not null && File.Exists(counterFile) ? long.Parse(File.ReadAllText(counterFile).Trim(), CultureInfo.InvariantCulture) : 0;

    /// <inheritdoc />
    public ButtonSettings LoadSettings() => settings;

    /// <inheritdoc />
    public long ReadCounter() => Interlocked.Read(ref _counter);

    /// <inheritdoc />
    public void WriteCounter(long counter)
    {
        Interlocked.Exchange(ref _counter, counter);
        if (counterFile is not null) File.WriteAllText(counterFile, counter.ToString(CultureInfo.InvariantCulture));
    }
}
