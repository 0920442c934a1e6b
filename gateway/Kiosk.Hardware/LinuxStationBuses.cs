using System.Device.I2c;
using System.Device.Spi;

namespace Kiosk.Hardware;

/// <summary>
/// The kernel's SPI (<c>/dev/spidevB.C</c>) and I2C (<c>/dev/i2c-B</c>) devices and serial ports. A missing device node is
/// refused with what to switch on, before the binding would fail with a bare "file not found".
/// </summary>
/// <param name="devices">Where the device nodes are (<c>/dev</c>; a test passes an empty folder to see the refusal).</param>
public sealed class LinuxStationBuses(string devices = "/dev") : IStationBuses
{
    private const int SpiClockHz = 1_000_000;

    /// <inheritdoc />
    public SpiDevice OpenSpi(int bus, int chipSelect)
    {
        var node = Path.Combine(devices, $"spidev{bus}.{chipSelect}");
        if (!File.Exists(node))
            throw new IOException($"there is no {node}: switch SPI on (dtparam=spi=on in /boot/firmware/config.txt) and reboot");
        return SpiDevice.Create(new SpiConnectionSettings(bus, chipSelect) { ClockFrequency = SpiClockHz, Mode = SpiMode.Mode0 });
    }

    /// <inheritdoc />
    public I2cDevice OpenI2c(int bus, int address)
    {
        var node = Path.Combine(devices, $"i2c-{bus}");
        if (!File.Exists(node))
            throw new IOException($"there is no {node}: switch I2C on (dtparam=i2c_arm=on in /boot/firmware/config.txt) and reboot");
        return I2cDevice.Create(new I2cConnectionSettings(bus, address));
    }

    /// <inheritdoc />
    public ICardReader OpenPn532Serial(string port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (!File.Exists(port)) throw new IOException($"there is no serial port {port}: switch the UART on (enable_uart=1) and the serial console off");
        return new Pn532CardReader(port);
    }
}
