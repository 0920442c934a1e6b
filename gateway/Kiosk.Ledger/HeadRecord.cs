using System.Buffers.Binary;

namespace Kiosk.Ledger;

/// <summary>
/// An author's signed statement "my feed in this assembly reached #<see cref="Seq"/>, whose id is <see cref="Id"/>"
/// (docs/ledger-format.md, "Head records"). A gateway keeps one per feed it authors, beside its database, so that
/// losing its newest events (a rolled-back or edited database) is detected even when the stored feed heads were
/// fixed to match. 160 bytes, integers big-endian:
/// <code>
/// magic "KIOSKHD1" (8) | assembly (16) | author (32) | seq u64 | id (32) | Ed25519 signature (64) over everything before it
/// </code>
/// </summary>
public sealed record HeadRecord(AssemblyId Assembly, Bytes32 Author, long Seq, Bytes32 Id)
{
    /// <summary>The 8 magic bytes that open a head record; they keep its signature apart from an event's (KIOSKEV1).</summary>
    public static ReadOnlySpan<byte> Magic => "KIOSKHD1"u8;

    /// <summary>Length of the signed part.</summary>
    public const int SignedLength = 8 + AssemblyId.Length + Bytes32.Length + 8 + Bytes32.Length;

    /// <summary>Length of a whole record.</summary>
    public const int Length = SignedLength + EventEncoding.SignatureLength;

    /// <summary>The record's bytes, signed with <paramref name="author"/>'s key (which must be <see cref="Author"/>).</summary>
    public byte[] Sign(AuthorKeyPair author)
    {
        ArgumentNullException.ThrowIfNull(author);
        if (author.PublicKey != Author) throw new ArgumentException($"a head record of {Author.ShortHex} cannot be signed by {author}", nameof(author));
        if (Seq < 1) throw new InvalidOperationException("a head record names seq 1 or later");
        var bytes = new byte[Length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        Assembly.Write(span[at..]); at += AssemblyId.Length;
        Author.Write(span[at..]); at += Bytes32.Length;
        BinaryPrimitives.WriteUInt64BigEndian(span[at..], (ulong)Seq); at += 8;
        Id.Write(span[at..]);
        author.Sign(span[..SignedLength], span[SignedLength..]);
        return bytes;
    }

    /// <summary>Reads a record and checks its signature; false with what is wrong otherwise.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out HeadRecord record, out string? problem)
    {
        record = null!;
        if (bytes.Length != Length)
        {
            problem = $"a head record is {Length} bytes, this one {bytes.Length}";
            return false;
        }
        if (!bytes.StartsWith(Magic))
        {
            problem = "it does not start with the KIOSKHD1 magic";
            return false;
        }
        var at = Magic.Length;
        var assembly = AssemblyId.Read(bytes[at..]); at += AssemblyId.Length;
        var author = Bytes32.Read(bytes[at..]); at += Bytes32.Length;
        var seq = BinaryPrimitives.ReadUInt64BigEndian(bytes[at..]); at += 8;
        var id = Bytes32.Read(bytes[at..]);
        if (seq is 0 or > long.MaxValue)
        {
            problem = "its seq is out of range";
            return false;
        }
        if (!SignatureVerifier.Verify(author, bytes[..SignedLength], bytes[SignedLength..]))
        {
            problem = $"its signature does not verify under {author.ShortHex}";
            return false;
        }
        record = new HeadRecord(assembly, author, (long)seq, id);
        problem = null;
        return true;
    }
}
