using Kiosk.Hardware;
using System.Device.Gpio;

namespace Kiosk.Gateway.Host;

/// <summary>
/// The wired button station on this gateway's GPIO header (Kiosk.Hardware): which pin map, which driver (libgpiod on a
/// Pi, <see cref="Kiosk.Hardware.SimulatedGpioDriver"/> in tests and <c>kiosk demo</c>), and, when it votes, as which
/// enrolled device. Without a device the buttons are the kiosk's accessible controller (<see cref="ControllerMapping"/>).
/// </summary>
public sealed record WiredStationOptions
{
    /// <summary>The pin map the gateway uses when none is named.</summary>
    public const string DefaultBoard = "raspberry-pi-4";

    /// <summary>A board name (<c>hardware/boards/NAME.json</c>, built in) or the path of a pin-map file.</summary>
    public string Board { get; init; } = DefaultBoard;

    /// <summary>Makes the GPIO driver; the host owns it (through its <see cref="GpioController"/>) once called.</summary>
    public required Func<GpioDriver> Driver { get; init; }

    /// <summary>What the driver is, for messages ("libgpiod on /dev/gpiochip0", "simulated").</summary>
    public string DriverName { get; init; } = "GPIO";

    /// <summary>True to drive the buzzer through hardware PWM (a Pi); false for no buzzer (simulated pins).</summary>
    public bool UsePwmBuzzer { get; init; }

    /// <summary>The enrolled device (of this gateway, with a member) the station votes as in roll-call ballots; null: controller only.</summary>
    public string? StationDevice { get; init; }

    /// <summary>
    /// The SPI/I2C/serial buses the pin map's card reader and display are opened on (<see cref="LinuxStationBuses"/> on a
    /// board, fake chips in tests); null: this driver has no buses (simulated pins), so neither is opened.
    /// </summary>
    public IStationBuses? Buses { get; init; }

    /// <summary>
    /// True when every roll-call vote by member card at this station needs the card's PIN (<c>--card-pin required</c>);
    /// false: only cards enrolled here with a PIN need it.
    /// </summary>
    public bool CardPinRequired { get; init; }

    /// <summary>Where debounce and long-press time comes from (a fake in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
