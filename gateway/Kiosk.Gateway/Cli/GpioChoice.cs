namespace Kiosk.Gateway.Cli;

/// <summary>Which GPIO driver the wired button station runs on (<c>--gpio</c>).</summary>
public enum GpioChoice
{
    /// <summary>libgpiod when the header's <c>/dev/gpiochipN</c> (<c>--gpio-chip</c>, or detected) exists, else no wired station (with a notice).</summary>
    Auto,

    /// <summary>The Linux GPIO character device through libgpiod (a Raspberry Pi).</summary>
    Libgpiod,

    /// <summary>Simulated pins in the process (<c>kiosk demo</c>, tests).</summary>
    Sim,

    /// <summary>No wired station.</summary>
    None,
}
