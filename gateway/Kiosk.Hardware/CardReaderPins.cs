namespace Kiosk.Hardware;

/// <summary>
/// Where the station's NFC member-card reader is connected: an MFRC522 on SPI (bus, chip select, optional reset line) or a
/// PN532 on I2C (bus, address) or on a UART (device).
/// </summary>
public sealed record CardReaderPins(string Kind, int? SpiBus, int? ChipSelect, int? ResetGpio, int? I2cBus, int? I2cAddress, string? Uart)
{
    /// <summary>An MFRC522 reader (SPI).</summary>
    public const string Mfrc522 = "mfrc522";

    /// <summary>A PN532 reader (I2C or UART).</summary>
    public const string Pn532 = "pn532";

    /// <summary>The PN532's fixed I2C address.</summary>
    public const int Pn532Address = 0x24;
}
