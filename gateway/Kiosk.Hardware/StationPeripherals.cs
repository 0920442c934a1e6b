using System.Device.Gpio;
using System.Device.Spi;

namespace Kiosk.Hardware;

/// <summary>
/// The member-card reader and character display a pin map declares, opened on their buses. A part the map declares must
/// answer: one that does not is a start-up problem in one sentence (which part, which bus, what to check), not a station
/// that silently ignores taps. A part the map does not declare is simply absent.
/// </summary>
public sealed class StationPeripherals : IDisposable
{
    // MFRC522 VersionReg (0x37), read: address byte bit 7 set, register in bits 6–1.
    private const byte VersionRead = 0x80 | (0x37 << 1);

    private StationPeripherals(ICardReader? reader, StationDisplay? display)
    {
        Reader = reader;
        Display = display;
    }

    /// <summary>The card reader, or null when the map declares none.</summary>
    public ICardReader? Reader { get; }

    /// <summary>The display, or null when the map declares none.</summary>
    public StationDisplay? Display { get; }

    /// <summary>
    /// Opens what <paramref name="pins"/> declares on <paramref name="buses"/> (the reader's reset line on
    /// <paramref name="gpio"/>). Returns the parts, or null and the problem; on a problem nothing stays open.
    /// </summary>
    public static (StationPeripherals? Parts, string? Problem) Open(StationPins pins, IStationBuses buses, GpioController? gpio)
    {
        ArgumentNullException.ThrowIfNull(pins);
        ArgumentNullException.ThrowIfNull(buses);
        ICardReader? reader = null;
        string? problem = null;
        if (pins.Reader is { } r) (reader, problem) = OpenReader(r, buses, gpio);
        if (problem is not null) return (null, problem);
        StationDisplay? display = null;
        if (pins.Display is { } d) (display, problem) = Attempt(DisplayName(d), () => buses.OpenI2c(d.I2cBus, d.I2cAddress), i2c => new StationDisplay(d, i2c));
        if (problem is null) return (new StationPeripherals(reader, display), null);
        reader?.Dispose();
        return (null, problem);
    }

    // An I2C write to an address nobody answers fails (no ACK): the display's set-up is its first write.
    private static string DisplayName(DisplayPins pins) => $"the {pins.Kind.ToUpperInvariant()} display on I2C {pins.I2cBus} address 0x{pins.I2cAddress:X2}";

    private static (ICardReader? Reader, string? Problem) OpenReader(CardReaderPins pins, IStationBuses buses, GpioController? gpio)
    {
        if (pins.Kind == CardReaderPins.Mfrc522)
        {
            var where = $"the MFRC522 card reader on SPI {pins.SpiBus} chip select {pins.ChipSelect}";
            return Attempt<SpiDevice, ICardReader>(where, () => buses.OpenSpi(pins.SpiBus!.Value, pins.ChipSelect!.Value), spi =>
                // SPI has no acknowledge: an empty socket reads all zeros or all ones, a chip reads its version (0x91, 0x92 or a clone's).
                ReadVersion(spi) is 0x00 or 0xFF
                    ? throw new IOException("it does not answer (no version): check its wiring and 3.3 V supply, or remove station.reader from the pin map")
                    : new Mfrc522CardReader(spi, pins.ResetGpio ?? -1, pins.ResetGpio is null ? null : gpio));
        }
        if (pins.Uart is { } port)
            return Attempt<ICardReader, ICardReader>($"the PN532 card reader on {port}", () => buses.OpenPn532Serial(port), reader => reader);
        var at = $"the PN532 card reader on I2C {pins.I2cBus} address 0x{pins.I2cAddress ?? CardReaderPins.Pn532Address:X2}";
        return Attempt<System.Device.I2c.I2cDevice, ICardReader>(at, () => buses.OpenI2c(pins.I2cBus!.Value, pins.I2cAddress ?? CardReaderPins.Pn532Address), i2c => new Pn532CardReader(i2c));
    }

    private static byte ReadVersion(SpiDevice spi)
    {
        Span<byte> buffer = [VersionRead, 0];
        spi.TransferFullDuplex(buffer, buffer);
        return buffer[1];
    }

    /// <summary>Opens the bus device, then the part on it; a failure of either is the sentence "WHERE cannot be opened: WHY", and the device is closed again.</summary>
    private static (TPart? Part, string? Problem) Attempt<TDevice, TPart>(string where, Func<TDevice> openDevice, Func<TDevice, TPart> openPart)
        where TDevice : class, IDisposable where TPart : class
    {
        TDevice? device = null;
        try
        {
            device = openDevice();
            return (openPart(device), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException or ArgumentException or PlatformNotSupportedException)
        {
            device?.Dispose();
            return (null, $"{where} cannot be opened: {e.Message}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Reader?.Dispose();
        Display?.Dispose();
    }

}
