using System.Buffers.Binary;

namespace Kiosk.Ledger;

/// <summary>
/// Thirty-two bytes held as four words: cheap to compare, hash and use as a dictionary key.
/// Public keys and event ids are both this size.
/// </summary>
public readonly record struct Bytes32(ulong A, ulong B, ulong C, ulong D) : IComparable<Bytes32>
{
    /// <summary>The length in bytes.</summary>
    public const int Length = 32;

    /// <summary>All zero: the "no previous event" marker of a feed's first event.</summary>
    public static readonly Bytes32 Zero;

    /// <summary>Reads 32 bytes.</summary>
    public static Bytes32 Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Length) throw new ArgumentException($"need {Length} bytes, got {bytes.Length}", nameof(bytes));
        return new Bytes32(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    /// <summary>Parses 64 hexadecimal digits; returns false on anything else.</summary>
    public static bool TryParseHex(string? hex, out Bytes32 value)
    {
        value = Zero;
        if (hex is null || hex.Length != Length * 2) return false;
        Span<byte> buffer = stackalloc byte[Length];
        if (Convert.FromHexString(hex, buffer, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
            return false;
        value = Read(buffer);
        return true;
    }

    /// <summary>Writes the 32 bytes into <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, A);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], D);
    }

    /// <summary>The bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        Write(bytes);
        return bytes;
    }

    /// <summary>True when every byte is zero.</summary>
    public bool IsZero => (A | B | C | D) == 0;

    /// <summary>Lower-case hexadecimal, 64 digits.</summary>
    public string ToHex()
    {
        Span<byte> buffer = stackalloc byte[Length];
        Write(buffer);
        return Convert.ToHexStringLower(buffer);
    }

    /// <summary>The first 12 hex digits: enough to name a key or event to a person.</summary>
    public string ShortHex => ToHex()[..12];

    /// <summary>Byte-wise (big-endian) order, used wherever a deterministic order is needed.</summary>
    public int CompareTo(Bytes32 other)
    {
        var c = A.CompareTo(other.A);
        if (c != 0) return c;
        c = B.CompareTo(other.B);
        if (c != 0) return c;
        c = C.CompareTo(other.C);
        return c != 0 ? c : D.CompareTo(other.D);
    }

    /// <inheritdoc />
    public override string ToString() => ToHex();

    /// <summary>Byte-wise order.</summary>
    public static bool operator <(Bytes32 left, Bytes32 right) => left.CompareTo(right) < 0;

    /// <summary>Byte-wise order.</summary>
    public static bool operator >(Bytes32 left, Bytes32 right) => left.CompareTo(right) > 0;

    /// <summary>Byte-wise order.</summary>
    public static bool operator <=(Bytes32 left, Bytes32 right) => left.CompareTo(right) <= 0;

    /// <summary>Byte-wise order.</summary>
    public static bool operator >=(Bytes32 left, Bytes32 right) => left.CompareTo(right) >= 0;
}
