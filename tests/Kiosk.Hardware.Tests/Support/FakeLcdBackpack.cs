using System.Device.I2c;

namespace Kiosk.Hardware.Tests.Support;

/// <summary>
/// A PCF8574 I2C backpack with an HD44780 character LCD behind it, as wired on the common modules (P0 RS, P1 RW, P2 E,
/// P3 backlight, P4–P7 D4–D7). Each byte written sets the expander's port; on E's falling edge the LCD latches the data
/// nibble, pairs nibbles in 4-bit mode, and runs the command or stores the character, so a test reads the text shown.
/// </summary>
public sealed class FakeLcdBackpack(int columns, int rows) : I2cDevice
{
    private const int RegisterSelect = 0x01, Enable = 0x04;
    private static readonly int[] RowOffsets = [0x00, 0x40, 0x14, 0x54];

    private readonly Lock _gate = new();
    private readonly byte[] _ddram = Enumerable.Repeat((byte)' ', 0x80).ToArray();
    private readonly byte[] _cgram = new byte[64];
    private byte _port;
    private bool _eightBit = true;
    private int? _highNibble;
    private int _address;
    private bool _toCgram;
    private bool _increment = true;

    public override I2cConnectionSettings ConnectionSettings { get; } = new(1, 0x27);

    /// <summary>The text of row <paramref name="row"/>; custom characters 0–7 come out as char 0–7.</summary>
    public string Row(int row)
    {
        lock (_gate) return new string(_ddram.AsSpan(RowOffsets[row], columns).ToArray().Select(b => (char)b).ToArray());
    }

    /// <summary>Every row, trimmed at the end.</summary>
    public IReadOnlyList<string> Rows => Enumerable.Range(0, rows).Select(r => Row(r).TrimEnd()).ToList();

    /// <summary>The 8 pixel rows of custom character <paramref name="slot"/>.</summary>
    public byte[] Glyph(int slot)
    {
        lock (_gate) return _cgram.AsSpan(slot * 8, 8).ToArray();
    }

    public override void WriteByte(byte value)
    {
        lock (_gate)
        {
            var falling = (_port & Enable) != 0 && (value & Enable) == 0;
            _port = value;
            if (falling) Latch((value & RegisterSelect) != 0, value >> 4);
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        foreach (var b in buffer) WriteByte(b);
    }

    private void Latch(bool data, int nibble)
    {
        if (_eightBit)
        {
            // After power-up the LCD is in 8-bit mode; D0–D3 are not wired, so each nibble is a whole instruction.
            if (!data) Command((byte)(nibble << 4));
            return;
        }
        if (_highNibble is not { } high)
        {
            _highNibble = nibble;
            return;
        }
        _highNibble = null;
        var value = (byte)(high << 4 | nibble);
        if (data) Store(value);
        else Command(value);
    }

    private void Command(byte c)
    {
        if (c == 0x01)
        {
            Array.Fill(_ddram, (byte)' ');
            _address = 0;
            _toCgram = false;
        }
        else if (c is 0x02 or 0x03) { _address = 0; _toCgram = false; }
        else if ((c & 0xFC) == 0x04) _increment = (c & 0x02) != 0;
        else if ((c & 0xE0) == 0x20) { _eightBit = (c & 0x10) != 0; _highNibble = null; }
        else if ((c & 0xC0) == 0x40) { _toCgram = true; _address = c & 0x3F; }
        else if ((c & 0x80) != 0) { _toCgram = false; _address = c & 0x7F; }
    }

    private void Store(byte value)
    {
        if (_toCgram) _cgram[_address & 0x3F] = value;
        else _ddram[_address & 0x7F] = value;
        _address += _increment ? 1 : -1;
    }

    /// <summary>Reads of the port (busy flag, inputs) see every line low: never busy.</summary>
    public override byte ReadByte() => 0x00;
    public override void Read(Span<byte> buffer) => buffer.Clear();
    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => readBuffer.Clear();
}
