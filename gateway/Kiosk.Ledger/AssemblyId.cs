using System.Security.Cryptography;
using System.Text;

namespace Kiosk.Ledger;

/// <summary>
/// An assembly's 16-byte identifier. It is derived from the founding key and a salt, so only the
/// holder of the founding key can write a genesis event that matches it (nobody can found "your" assembly).
/// </summary>
public readonly record struct AssemblyId(ulong High, ulong Low)
{
    /// <summary>The length in bytes.</summary>
    public const int Length = 16;

    private static readonly byte[] DerivationContext = Encoding.ASCII.GetBytes("kiosk/v1/assembly-id");

    /// <summary>SHA-256("kiosk/v1/assembly-id" ‖ founder key ‖ salt), first 16 bytes.</summary>
    public static AssemblyId Derive(Bytes32 founderKey, ReadOnlySpan<byte> salt)
    {
        var input = new byte[DerivationContext.Length + Bytes32.Length + salt.Length];
        DerivationContext.CopyTo(input, 0);
        founderKey.Write(input.AsSpan(DerivationContext.Length));
        salt.CopyTo(input.AsSpan(DerivationContext.Length + Bytes32.Length));
        return Read(SHA256.HashData(input));
    }

    /// <summary>Reads 16 bytes.</summary>
    public static AssemblyId Read(ReadOnlySpan<byte> bytes) =>
        new(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    /// <summary>Writes the 16 bytes.</summary>
    public void Write(Span<byte> destination)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>Parses 32 hexadecimal digits.</summary>
    public static bool TryParse(string? text, out AssemblyId id)
    {
        id = default;
        if (text is null || text.Length != Length * 2) return false;
        Span<byte> buffer = stackalloc byte[Length];
        if (Convert.FromHexString(text, buffer, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
            return false;
        id = Read(buffer);
        return true;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        Span<byte> buffer = stackalloc byte[Length];
        Write(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
