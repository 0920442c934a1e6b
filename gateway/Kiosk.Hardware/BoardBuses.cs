namespace Kiosk.Hardware;

/// <summary>The SPI, I2C and UART buses a board brings out on its header, with the GPIO lines each one takes.</summary>
/// <param name="Spi">SPI bus number → its lines (e.g. SPI0: MOSI 10, MISO 9, SCLK 11, chip selects 8 and 7 on a Pi).</param>
/// <param name="I2c">I2C bus number → its lines (I2C1: SDA 2, SCL 3 on a Pi).</param>
/// <param name="Uart">UART device (e.g. /dev/serial0) → its lines (TX 14, RX 15 on a Pi).</param>
public sealed record BoardBuses(
    IReadOnlyDictionary<int, SpiBusPins> Spi,
    IReadOnlyDictionary<int, I2cBusPins> I2c,
    IReadOnlyDictionary<string, UartPins> Uart)
{
    /// <summary>A board without buses in its file.</summary>
    public static BoardBuses None { get; } = new(new Dictionary<int, SpiBusPins>(), new Dictionary<int, I2cBusPins>(), new Dictionary<string, UartPins>());
}

/// <summary>The GPIO lines of one SPI bus; <paramref name="ChipSelects"/>[n] is the line of chip select n (/dev/spidevB.n).</summary>
public sealed record SpiBusPins(int Mosi, int Miso, int Sclk, IReadOnlyList<int> ChipSelects);

/// <summary>The GPIO lines of one I2C bus.</summary>
public sealed record I2cBusPins(int Sda, int Scl);

/// <summary>The GPIO lines of one UART.</summary>
public sealed record UartPins(int Tx, int Rx);
