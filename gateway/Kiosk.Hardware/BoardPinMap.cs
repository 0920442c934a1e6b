namespace Kiosk.Hardware;

/// <summary>A board's usable GPIO lines (with their physical header pins and PWM channels) and the station wired to it.</summary>
public sealed record BoardPinMap(
    string Board,
    IReadOnlyDictionary<int, int> HeaderPinOfGpio,
    IReadOnlyDictionary<int, (int Chip, int Channel)> PwmOfGpio,
    StationPins Station)
{
    /// <summary>The SPI, I2C and UART buses of the header.</summary>
    public BoardBuses Buses { get; init; } = BoardBuses.None;

    /// <summary>"GPIO 17 (header pin 11)", for messages and the wiring table.</summary>
    public string Describe(int gpio) => HeaderPinOfGpio.TryGetValue(gpio, out var header) ? $"GPIO {gpio} (header pin {header})" : $"GPIO {gpio}";
}
