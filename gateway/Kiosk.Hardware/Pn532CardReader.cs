using System.Device.I2c;
using Iot.Device.Pn532;
using Iot.Device.Pn532.ListPassive;

namespace Kiosk.Hardware;

/// <summary>A PN532 reader on I2C or UART (HSU), through Iot.Device.Bindings' <see cref="Pn532"/>: InListPassiveTarget for one ISO 14443-A card.</summary>
public sealed class Pn532CardReader : ICardReader
{
    private readonly Pn532 _chip;

    /// <summary>A reader on <paramref name="i2c"/> (address 0x24).</summary>
    public Pn532CardReader(I2cDevice i2c) => _chip = new Pn532(i2c ?? throw new ArgumentNullException(nameof(i2c)));

    /// <summary>A reader on the serial port <paramref name="port"/> (e.g. /dev/serial0, 115200 baud).</summary>
    public Pn532CardReader(string port) => _chip = new Pn532(port ?? throw new ArgumentNullException(nameof(port)));

    /// <inheritdoc />
    public string? ReadCard()
    {
        var listed = _chip.ListPassiveTarget(MaxTarget.One, TargetBaudRate.B106kbpsTypeA);
        if (listed is null) return null;
        var card = _chip.TryDecode106kbpsTypeA(listed.AsSpan(1));
        return card?.NfcId is { Length: > 0 } uid ? Convert.ToHexString(uid) : null;
    }

    /// <inheritdoc />
    public void Dispose() => _chip.Dispose();
}
