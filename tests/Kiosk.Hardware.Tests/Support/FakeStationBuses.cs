using System.Device.I2c;
using System.Device.Spi;

namespace Kiosk.Hardware.Tests.Support;

/// <summary>
/// A station's buses with fake chips on them: an MFRC522 on SPI 0 chip select 0 and an LCD backpack at its I2C address,
/// when given. Anything else is not there: opening it fails as the kernel would, with an <see cref="IOException"/>.
/// </summary>
public sealed class FakeStationBuses(SpiDevice? reader, FakeLcdBackpack? display, int displayAddress = 0x27) : IStationBuses
{
    /// <summary>How many times the reader's SPI device was opened.</summary>
    public int SpiOpened { get; private set; }

    /// <inheritdoc />
    public SpiDevice OpenSpi(int bus, int chipSelect)
    {
        SpiOpened++;
        return bus == 0 && chipSelect == 0 && reader is not null ? reader : throw new IOException($"no device on SPI {bus}.{chipSelect}");
    }

    /// <inheritdoc />
    public I2cDevice OpenI2c(int bus, int address) =>
        bus == 1 && address == displayAddress && display is not null ? display : throw new IOException("Error 121 performing I2C data transfer.");

    /// <inheritdoc />
    public ICardReader OpenPn532Serial(string port) => throw new IOException($"no serial device {port}");
}
