using System.Device.I2c;
using System.Device.Spi;

namespace Kiosk.Hardware;

/// <summary>
/// Opens the SPI and I2C devices and serial ports a station's card reader and display sit on: the kernel's devices on a
/// board (<see cref="LinuxStationBuses"/>), fake chips in tests. Each method throws <see cref="IOException"/> with a sentence
/// when the bus is not there.
/// </summary>
public interface IStationBuses
{
    /// <summary>The device on SPI bus <paramref name="bus"/>, chip select <paramref name="chipSelect"/> (SPI mode 0, 1 MHz).</summary>
    SpiDevice OpenSpi(int bus, int chipSelect);

    /// <summary>The device at <paramref name="address"/> on I2C bus <paramref name="bus"/>.</summary>
    I2cDevice OpenI2c(int bus, int address);

    /// <summary>A PN532 on the serial port <paramref name="port"/> (HSU, 115200 baud).</summary>
    ICardReader OpenPn532Serial(string port);
}
