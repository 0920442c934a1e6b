using System.Device.Spi;

namespace Kiosk.Hardware.Tests.Support;

/// <summary>
/// An MFRC522 on SPI, answering like the chip for what Iot.Device.Bindings' unmodified <c>MfRc522</c> does to find a card:
/// register reads and writes (address byte: bit 7 read, bits 6–1 register), the FIFO, CRC_A on CalculateCrc, and Transceive
/// to one ISO 14443-A card with a 4-byte UID: REQA/WUPA → ATQA, anticollision → UID + BCC, SELECT → SAK + CRC, HLTA → halt.
/// </summary>
public sealed class FakeMfrc522 : SpiDevice
{
    // Registers as the binding names them (address << 1).
    private const byte CommandReg = 0x02, ComIrqReg = 0x08, DivIrqReg = 0x0A, ErrorReg = 0x0C, FifoDataReg = 0x12, FifoLevelReg = 0x14,
        ControlReg = 0x18, BitFramingReg = 0x1A, CrcResultHighReg = 0x42, CrcResultLowReg = 0x44, VersionReg = 0x6E;
    private const byte CalculateCrc = 0x03, Transceive = 0x0C, Idle = 0x00;
    private const byte IdleIrq = 0x10, RxIrq = 0x20, TimerIrq = 0x01, CrcIrq = 0x04, StartSend = 0x80;
    private const byte ReqA = 0x26, WupA = 0x52, HaltA = 0x50, SelectCl1 = 0x93, Anticollision = 0x20, SelectAll = 0x70;
    private const byte SakMifare1K = 0x08;

    private readonly byte[] _registers = new byte[0x80];
    private readonly Queue<byte> _fifo = new();
    private readonly Lock _gate = new();
    private byte[]? _card;
    private bool _halted;

    /// <summary>The settings the binding asks for (SPI mode 0).</summary>
    public override SpiConnectionSettings ConnectionSettings { get; } = new(0, 0) { Mode = SpiMode.Mode0, ClockFrequency = 1_000_000 };

    public FakeMfrc522() => _registers[VersionReg] = 0x92;

    /// <summary>A card with <paramref name="uid"/> (4 bytes) enters the field; null: the field is empty.</summary>
    public void PlaceCard(byte[]? uid)
    {
        if (uid is { Length: not 4 }) throw new ArgumentException("this fake speaks single-size (4-byte) UIDs", nameof(uid));
        lock (_gate)
        {
            _card = uid;
            _halted = false;
        }
    }

    /// <summary>True once the SPI device was closed.</summary>
    public bool Disposed { get; private set; }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    /// <summary>How many SELECTs a card answered (each tap selects once).</summary>
    public int Selects { get; private set; }

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        // The binding passes the same buffer for both: copy what is written before answering into it.
        var written = writeBuffer.ToArray();
        lock (_gate)
        {
            if ((written[0] & 0x80) != 0)
            {
                // Read: the byte clocked out at position i + 1 is the register addressed at position i.
                readBuffer[0] = 0;
                for (var i = 0; i < written.Length - 1; i++) readBuffer[i + 1] = ReadRegister((byte)(written[i] & 0x7E));
            }
            else
            {
                for (var i = 1; i < written.Length; i++) WriteRegister((byte)(written[0] & 0x7E), written[i]);
                readBuffer.Clear();
            }
        }
    }

    private byte ReadRegister(byte register) => register switch
    {
        FifoDataReg => _fifo.Count > 0 ? _fifo.Dequeue() : (byte)0,
        FifoLevelReg => (byte)_fifo.Count,
        _ => _registers[register],
    };

    private void WriteRegister(byte register, byte value)
    {
        switch (register)
        {
            case FifoDataReg:
                _fifo.Enqueue(value);
                break;
            case FifoLevelReg when (value & 0x80) != 0:
                _fifo.Clear();
                break;
            case ComIrqReg or DivIrqReg:
                // Bit 7 set: the marked bits are set; clear: the marked bits are cleared (datasheet 9.3.1.4/5).
                _registers[register] = (value & 0x80) != 0 ? (byte)(_registers[register] | (value & 0x7F)) : (byte)(_registers[register] & ~value);
                break;
            case CommandReg:
                _registers[CommandReg] = value;
                if ((value & 0x0F) == CalculateCrc) ComputeCrc();
                break;
            case BitFramingReg:
                _registers[BitFramingReg] = (byte)(value & 0x7F);
                if ((value & StartSend) != 0 && (_registers[CommandReg] & 0x0F) == Transceive) Transmit();
                break;
            default:
                _registers[register] = value;
                break;
        }
    }

    private void ComputeCrc()
    {
        var crc = CrcA(_fifo.ToArray());
        _fifo.Clear();
        _registers[CrcResultLowReg] = (byte)crc;
        _registers[CrcResultHighReg] = (byte)(crc >> 8);
        _registers[DivIrqReg] |= CrcIrq;
        _registers[CommandReg] = Idle;
    }

    private void Transmit()
    {
        var frame = _fifo.ToArray();
        _fifo.Clear();
        _registers[ErrorReg] = 0;
        _registers[ControlReg] = 0;
        var answer = Answer(frame);
        if (answer is null)
        {
            _registers[ComIrqReg] |= TimerIrq;   // no card answered: the receive timer runs out
            return;
        }
        foreach (var b in answer) _fifo.Enqueue(b);
        _registers[ComIrqReg] |= (byte)(RxIrq | IdleIrq);
    }

    private byte[]? Answer(byte[] frame)
    {
        if (_card is null || frame.Length == 0) return null;
        switch (frame[0])
        {
            case ReqA when !_halted:
            case WupA:
                return [0x04, 0x00];   // ATQA of a single-size UID card (MIFARE Classic 1K)
            case SelectCl1 when frame.Length == 2 && frame[1] == Anticollision:
                return [.. _card, Bcc(_card)];
            case SelectCl1 when frame.Length == 9 && frame[1] == SelectAll && frame.AsSpan(2, 4).SequenceEqual(_card) && frame[6] == Bcc(_card)
                && CrcA(frame.AsSpan(0, 7).ToArray()) == (frame[7] | frame[8] << 8):
                Selects++;
                var crc = CrcA([SakMifare1K]);
                return [SakMifare1K, (byte)crc, (byte)(crc >> 8)];
            case HaltA:
                _halted = true;
                return null;   // a halted card does not answer
            default:
                return null;
        }
    }

    private static byte Bcc(byte[] uid) => (byte)(uid[0] ^ uid[1] ^ uid[2] ^ uid[3]);

    /// <summary>CRC_A of ISO/IEC 14443-3 (preset 0x6363), low byte first on the air.</summary>
    public static int CrcA(byte[] data)
    {
        var crc = 0x6363;
        foreach (var b in data)
        {
            var ch = (b ^ crc) & 0xFF;
            ch = (ch ^ (ch << 4)) & 0xFF;
            crc = ((crc >> 8) ^ (ch << 8) ^ (ch << 3) ^ (ch >> 4)) & 0xFFFF;
        }
        return crc;
    }

    public override byte ReadByte() => throw new NotSupportedException("the MfRc522 binding uses full-duplex transfers only");
    public override void Read(Span<byte> buffer) => throw new NotSupportedException("the MfRc522 binding uses full-duplex transfers only");
    public override void WriteByte(byte value) => throw new NotSupportedException("the MfRc522 binding uses full-duplex transfers only");
    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException("the MfRc522 binding uses full-duplex transfers only");
}
