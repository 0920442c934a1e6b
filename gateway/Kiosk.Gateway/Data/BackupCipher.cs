using System.Buffers.Binary;
using NSec.Cryptography;

namespace Kiosk.Gateway.Data;

/// <summary>
/// The encryption of a backup file: a key derived from the passphrase by Argon2id, and the archive cut into chunks of at
/// most <see cref="ChunkSize"/> bytes, each sealed with XChaCha20-Poly1305 (a nonce made of a random prefix and the
/// chunk's number; the header and a last-chunk flag as associated data), so a file of any size is written and read
/// without holding it in memory, and a chunk that is altered, moved, dropped or cut off fails its check. Layout
/// (integers big-endian):
/// <code>
/// magic "KIOSKBK1" (8) | Argon2id memory KiB u32 | passes u32 | salt (16) | nonce prefix (16)      = header (48)
/// check tag (16): the empty text sealed with chunk number 2^64-1, so a wrong passphrase is told apart from damage
/// chunks: sealed length u32 | sealed bytes (text + 16-byte tag); the last one flagged, possibly empty
/// </code>
/// </summary>
public static class BackupCipher
{
    /// <summary>Magic bytes and format version of a backup file.</summary>
    public static ReadOnlySpan<byte> Magic => "KIOSKBK1"u8;

    /// <summary>Plain bytes per chunk.</summary>
    public const int ChunkSize = 1 << 20;

    /// <summary>Length of the plain header.</summary>
    public const int HeaderLength = 8 + 4 + 4 + SaltLength + PrefixLength;

    /// <summary>Argon2id memory (KiB) of a new backup: 64 MiB, as the console's passphrase locks.</summary>
    public const int DefaultMemoryKiB = 64 * 1024;

    private const int DefaultPasses = 3;
    private const int SaltLength = 16;
    private const int PrefixLength = 16;
    private const int MaxMemoryKiB = 1024 * 1024; // a header asking for more is damaged or hostile: refuse to allocate it
    private const int MaxPasses = 100;
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.XChaCha20Poly1305;

    /// <summary>A new header (fresh salt and nonce prefix) and the key <paramref name="passphrase"/> gives for it.</summary>
    public static (byte[] Header, Key Key) Start(string passphrase, int memoryKiB = DefaultMemoryKiB)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var header = new byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), (uint)memoryKiB);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), DefaultPasses);
        System.Security.Cryptography.RandomNumberGenerator.Fill(header.AsSpan(16, SaltLength + PrefixLength));
        return (header, Derive(passphrase, header));
    }

    /// <summary>The tag that proves the key is the one the header was made with.</summary>
    public static byte[] CheckTag(Key key, byte[] header) => Aead.Encrypt(key, Nonce(header, ulong.MaxValue), header, []);

    /// <summary>
    /// Reads a header and check tag from <paramref name="input"/> and derives the key: null with the reason (a sentence)
    /// when the input is no backup, or the passphrase does not open it.
    /// </summary>
    public static (byte[]? Header, Key? Key, string? Problem) Open(Stream input, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(passphrase);
        var header = new byte[HeaderLength];
        var tag = new byte[Aead.TagSize];
        if (!ReadExactly(input, header) || !header.AsSpan(0, 4).SequenceEqual(Magic[..4]))
            return (null, null, "it is not a Kiosk backup (it does not start as kiosk backup writes one)");
        if (!header.AsSpan(0, 8).SequenceEqual(Magic))
            return (null, null, "it is a Kiosk backup of another format version: restore it with the Kiosk version that made it");
        var memory = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8));
        var passes = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
        if (memory is < 8 or > MaxMemoryKiB || passes is < 1 or > MaxPasses || !ReadExactly(input, tag))
            return (null, null, "it is damaged: its header is cut short or altered");
        var key = Derive(passphrase, header);
        if (Aead.Decrypt(key, Nonce(header, ulong.MaxValue), header, tag) is null)
        {
            key.Dispose();
            return (null, null, "the passphrase does not open it (check the passphrase; if it is right, the file's header was altered)");
        }
        return (header, key, null);
    }

    /// <summary>Seals chunk <paramref name="number"/>.</summary>
    public static byte[] Seal(Key key, byte[] header, ulong number, bool last, ReadOnlySpan<byte> text) => Aead.Encrypt(key, Nonce(header, number), AssociatedData(header, last), text);

    /// <summary>Opens chunk <paramref name="number"/>, or null when it fails its check.</summary>
    public static byte[]? Unseal(Key key, byte[] header, ulong number, bool last, ReadOnlySpan<byte> sealedBytes) => Aead.Decrypt(key, Nonce(header, number), AssociatedData(header, last), sealedBytes);

    /// <summary>Bytes a tag adds to a chunk.</summary>
    public static int TagSize => Aead.TagSize;

    private static Key Derive(string passphrase, byte[] header)
    {
        var kdf = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8)),
            NumberOfPasses = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12)),
        });
        return kdf.DeriveKey(passphrase, header.AsSpan(16, SaltLength), Aead);
    }

    private static byte[] Nonce(byte[] header, ulong number)
    {
        var nonce = new byte[Aead.NonceSize];
        header.AsSpan(16 + SaltLength, PrefixLength).CopyTo(nonce);
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(PrefixLength), number);
        return nonce;
    }

    private static byte[] AssociatedData(byte[] header, bool last) => [.. header, last ? (byte)1 : (byte)0];

    /// <summary>Fills <paramref name="buffer"/>; false when the input ends first.</summary>
    internal static bool ReadExactly(Stream input, Span<byte> buffer)
    {
        var read = input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length;
    }
}
