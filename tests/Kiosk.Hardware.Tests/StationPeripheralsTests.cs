using System.Device.Spi;
using Kiosk.Hardware.Tests.Support;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Hardware.Tests;

/// <summary>
/// The reader and display a pin map declares are opened on their buses with the real bindings, and a declared part that
/// is not there is one sentence naming it and what to check, with nothing left open.
/// </summary>
public sealed class StationPeripheralsTests
{
    private static StationPins Pins(bool reader = true, bool display = true) =>
        new(new Dictionary<string, int> { ["yes"] = 5, [StationPins.Confirm] = 26 }, new Dictionary<string, int> { ["yes"] = 17, [StationPins.Confirm] = 23 }, null, 0, 0)
        {
            Reader = reader ? new CardReaderPins(CardReaderPins.Mfrc522, 0, 0, null, null, null, null) : null,
            Display = display ? new DisplayPins(DisplayPins.Lcd1602, 1, 0x27) : null,
        };

    [Fact]
    public void Declared_parts_open_on_their_buses_and_work()
    {
        var chip = new FakeMfrc522();
        var lcd = new FakeLcdBackpack(16, 2);
        var (parts, problem) = StationPeripherals.Open(Pins(), new FakeStationBuses(chip, lcd), null);
        Assert.Null(problem);
        using var opened = Assert.IsType<StationPeripherals>(parts);
        chip.PlaceCard([0x04, 0xA1, 0xB2, 0xC3]);
        Assert.Equal("04A1B2C3", opened.Reader!.ReadCard());
        opened.Display!.Show(StationScreen.Idle());
        Assert.Equal(["No open ballot", "Tap to check in"], lcd.Rows);
    }

    [Fact]
    public void Parts_the_map_does_not_declare_are_not_opened()
    {
        var buses = new FakeStationBuses(null, null);
        var (parts, problem) = StationPeripherals.Open(Pins(reader: false, display: false), buses, null);
        Assert.Null(problem);
        using var none = Assert.IsType<StationPeripherals>(parts);
        Assert.Null(none.Reader);
        Assert.Null(none.Display);
        Assert.Equal(0, buses.SpiOpened);
    }

    [Fact]
    public void A_reader_on_an_spi_bus_that_is_switched_off_is_refused_with_what_to_switch_on()
    {
        using var dev = new TempFolder();
        var (parts, problem) = StationPeripherals.Open(Pins(), new LinuxStationBuses(dev.Path), null);
        Assert.Null(parts);
        Assert.Equal($"the MFRC522 card reader on SPI 0 chip select 0 cannot be opened: there is no {Path.Combine(dev.Path, "spidev0.0")}: switch SPI on (dtparam=spi=on in /boot/firmware/config.txt) and reboot", problem);
    }

    [Fact]
    public void A_pn532_on_a_uart_opens_through_the_linux_buses_and_reads_a_card()
    {
        using var wire = new Pn532OnPty();
        using var dev = new TempFolder();
        var pins = Pins(display: false) with { Reader = new CardReaderPins(CardReaderPins.Pn532, null, null, null, null, null, wire.PortName) };
        var (parts, problem) = StationPeripherals.Open(pins, new LinuxStationBuses(dev.Path), null);
        Assert.Null(problem);
        using var opened = Assert.IsType<StationPeripherals>(parts);
        wire.Chip.PlaceCard([0x04, 0xA1, 0xB2, 0xC3]);
        Assert.Equal("04A1B2C3", opened.Reader!.ReadCard());

        // The UART switched off (no such port): one sentence naming the port and what to switch.
        var missing = Path.Combine(dev.Path, "serial0");
        var (none, refused) = StationPeripherals.Open(pins with { Reader = pins.Reader! with { Uart = missing } }, new LinuxStationBuses(dev.Path), null);
        Assert.Null(none);
        Assert.Equal($"the PN532 card reader on {missing} cannot be opened: there is no serial port {missing}: switch the UART on (enable_uart=1) and the serial console off", refused);
    }

    [Fact]
    public void A_reader_that_does_not_answer_on_spi_is_refused()
    {
        var silent = new SilentSpi();
        var (parts, problem) = StationPeripherals.Open(Pins(display: false), new FakeStationBuses(silent, null), null);
        Assert.Null(parts);
        Assert.StartsWith("the MFRC522 card reader on SPI 0 chip select 0 cannot be opened: it does not answer (no version)", problem, StringComparison.Ordinal);
        Assert.True(silent.Disposed);
    }

    [Fact]
    public void A_display_nobody_answers_for_is_refused_and_the_reader_is_closed_again()
    {
        var chip = new FakeMfrc522();
        var (parts, problem) = StationPeripherals.Open(Pins(), new FakeStationBuses(chip, null), null);
        Assert.Null(parts);
        Assert.Equal("the LCD1602 display on I2C 1 address 0x27 cannot be opened: Error 121 performing I2C data transfer.", problem);
        Assert.True(chip.Disposed);
    }

    /// <summary>An SPI bus with no chip on it: every byte reads as zero.</summary>
    private sealed class SilentSpi : SpiDevice
    {
        public bool Disposed { get; private set; }
        public override SpiConnectionSettings ConnectionSettings { get; } = new(0, 0);
        public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => readBuffer.Clear();
        public override byte ReadByte() => 0;
        public override void Read(Span<byte> buffer) => buffer.Clear();
        public override void WriteByte(byte value) { }
        public override void Write(ReadOnlySpan<byte> buffer) { }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
