using System.Device.I2c;

namespace Kiosk.Hardware.Tests.Support;

/// <summary>
/// A PN532 on I2C, answering like the chip for what Iot.Device.Bindings' unmodified <c>Pn532</c> sends: information
/// frames (00 00 FF LEN LCS D4 CMD … DCS 00) acknowledged with the ACK frame, a status byte (0x01: ready) before every
/// read, and answers to SAMConfiguration, GetFirmwareVersion, SetParameters and InListPassiveTarget (one ISO 14443-A card).
/// </summary>
public sealed class FakePn532 : I2cDevice
{
    private const byte HostToPn532 = 0xD4, Pn532ToHost = 0xD5, Ready = 0x01;
    private const byte GetFirmwareVersion = 0x02, SetParameters = 0x12, SamConfiguration = 0x14, InListPassiveTarget = 0x4A;
    private static readonly byte[] Ack = [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00];

    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _outbox = new();
    private byte[]? _card;

    public override I2cConnectionSettings ConnectionSettings { get; } = new(1, 0x24);

    /// <summary>A card with <paramref name="uid"/> enters the field; null: the field is empty.</summary>
    public void PlaceCard(byte[]? uid)
    {
        lock (_gate) _card = uid;
    }

    /// <summary>How many InListPassiveTarget commands found a card.</summary>
    public int CardsListed { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var frame = buffer.ToArray();
        lock (_gate)
        {
            // A wake-up (zeros) or anything that is not an information frame gets no answer.
            var start = Array.IndexOf(frame, (byte)0xFF);
            if (start < 1 || frame[start - 1] != 0x00 || start + 3 >= frame.Length) return;
            int length = frame[start + 1];
            if ((byte)(length + frame[start + 2]) != 0 || frame[start + 3] != HostToPn532 || start + 3 + length >= frame.Length) return;
            var data = frame.AsSpan(start + 3, length).ToArray();   // TFI, command, parameters
            var sum = 0;
            foreach (var b in data) sum += b;
            if ((byte)(sum + frame[start + 3 + length]) != 0) return;
            var answer = Answer(data[1], data.AsSpan(2).ToArray());
            if (answer is null) return;
            _outbox.Enqueue(Ack);
            _outbox.Enqueue(Frame((byte)(data[1] + 1), answer));
        }
    }

    private byte[]? Answer(byte command, byte[] parameters) => command switch
    {
        SamConfiguration or SetParameters => [],
        GetFirmwareVersion => [0x32, 0x01, 0x06, 0x07],   // IC PN532, firmware 1.6, ISO 14443-A/B and 18092
        InListPassiveTarget when parameters.Length >= 2 && parameters[1] == 0x00 => ListTarget(),
        _ => null,
    };

    private byte[] ListTarget()
    {
        if (_card is null) return [0x00];
        CardsListed++;
        // NbTg, Tg, SENS_RES (ATQA), SEL_RES (SAK), NFCID length, NFCID
        return [0x01, 0x01, 0x00, 0x04, 0x08, (byte)_card.Length, .. _card];
    }

    private static byte[] Frame(byte code, byte[] data)
    {
        var length = (byte)(data.Length + 2);
        var sum = Pn532ToHost + code;
        foreach (var b in data) sum += b;
        return [0x00, 0x00, 0xFF, length, (byte)(0x100 - length), Pn532ToHost, code, .. data, (byte)(0x100 - (sum & 0xFF)), 0x00];
    }

    /// <summary>The status byte: ready when an ACK or answer waits.</summary>
    public override byte ReadByte()
    {
        lock (_gate) return _outbox.Count > 0 ? Ready : (byte)0x00;
    }

    /// <summary>A read returns the status byte, then the next waiting frame (ACK first, then the answer).</summary>
    public override void Read(Span<byte> buffer)
    {
        buffer.Clear();
        lock (_gate)
        {
            if (_outbox.Count == 0) return;
            buffer[0] = Ready;
            var next = _outbox.Dequeue();
            next.AsSpan(0, Math.Min(next.Length, buffer.Length - 1)).CopyTo(buffer[1..]);
        }
    }

    public override void WriteByte(byte value) => Write([value]);
    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => throw new NotSupportedException("the Pn532 binding does not use WriteRead");
}
