using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kiosk.Ledger;

/// <summary>
/// The canonical encoding of events (docs/ledger-format.md): one byte string per event, so ids and
/// signatures are stable across machines and versions. All integers are big-endian.
/// <code>
/// magic "KIOSKEV1" (8) | assembly (16) | author (32) | seq u64 | prev (32) | time i64 ms
/// | kind length u8 | kind ASCII | body length u32 | body | Ed25519 signature (64) over everything before it
/// </code>
/// </summary>
public static class EventEncoding
{
    /// <summary>The 8 magic bytes that open every v1 event; they also separate our signatures from any other use of a key.</summary>
    public static ReadOnlySpan<byte> Magic => "KIOSKEV1"u8;

    /// <summary>Ed25519 signature length.</summary>
    public const int SignatureLength = 64;

    /// <summary>Longest kind name.</summary>
    public const int MaxKindLength = 64;

    /// <summary>Largest body accepted (48 KiB): ballots with translations fit; a flood does not.</summary>
    public const int MaxBodyLength = 48 * 1024;

    /// <summary>Bytes before the kind: magic, assembly, author, seq, prev, time.</summary>
    internal const int FixedHeaderLength = 8 + AssemblyId.Length + Bytes32.Length + 8 + Bytes32.Length + 8;

    /// <summary>Smallest possible event.</summary>
    public const int MinLength = FixedHeaderLength + 1 + 1 + 4 + SignatureLength;

    /// <summary>Largest possible event.</summary>
    public const int MaxLength = FixedHeaderLength + 1 + MaxKindLength + 4 + MaxBodyLength + SignatureLength;

    /// <summary>Kind names are 1–64 ASCII letters.</summary>
    public static bool IsValidKindName(string? kind) =>
        kind is { Length: > 0 and <= MaxKindLength } && kind.All(char.IsAsciiLetter);

    /// <summary>
    /// Lays out an event's signed bytes followed by room for the signature; the caller signs
    /// <c>buffer[..^64]</c> into <c>buffer[^64..]</c>.
    /// </summary>
    public static byte[] EncodeUnsigned(AssemblyId assembly, Bytes32 author, long seq, Bytes32 prev, long authorTimeMs, string kind, ReadOnlySpan<byte> body)
    {
        if (!IsValidKindName(kind)) throw new ArgumentException($"'{kind}' is not a valid kind name", nameof(kind));
        if (body.Length > MaxBodyLength) throw new ArgumentException($"body is {body.Length} bytes; the limit is {MaxBodyLength}", nameof(body));
        if (seq < 1) throw new ArgumentOutOfRangeException(nameof(seq), seq, "seq starts at 1");

        var buffer = new byte[FixedHeaderLength + 1 + kind.Length + 4 + body.Length + SignatureLength];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        assembly.Write(span[at..]); at += AssemblyId.Length;
        author.Write(span[at..]); at += Bytes32.Length;
        BinaryPrimitives.WriteUInt64BigEndian(span[at..], (ulong)seq); at += 8;
        prev.Write(span[at..]); at += Bytes32.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], authorTimeMs); at += 8;
        span[at++] = (byte)kind.Length;
        at += Encoding.ASCII.GetBytes(kind, span[at..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)body.Length); at += 4;
        body.CopyTo(span[at..]);
        return buffer;
    }

    /// <summary>
    /// Decodes canonical bytes. Checks framing only (lengths, magic, seq/prev consistency); signature,
    /// kind and body are checked by <see cref="EventValidator"/>.
    /// </summary>
    public static bool TryDecode(byte[] raw, out LedgerEvent ledgerEvent, out Rejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ledgerEvent = null!;
        rejection = null;
        if (raw.Length > MaxLength)
        {
            rejection = new Rejection(RejectReason.Oversize, $"event is {raw.Length} bytes; the limit is {MaxLength}");
            return false;
        }
        if (raw.Length < MinLength)
        {
            rejection = new Rejection(RejectReason.Malformed, $"event is {raw.Length} bytes; the smallest event is {MinLength}");
            return false;
        }
        var span = raw.AsSpan();
        if (!span.StartsWith(Magic))
        {
            rejection = new Rejection(RejectReason.Malformed, "event does not start with the KIOSKEV1 magic (not a v1 event)");
            return false;
        }
        var at = Magic.Length;
        var assembly = AssemblyId.Read(span[at..]); at += AssemblyId.Length;
        var author = Bytes32.Read(span[at..]); at += Bytes32.Length;
        var seqRaw = BinaryPrimitives.ReadUInt64BigEndian(span[at..]); at += 8;
        var prev = Bytes32.Read(span[at..]); at += Bytes32.Length;
        var time = BinaryPrimitives.ReadInt64BigEndian(span[at..]); at += 8;
        int kindLength = span[at++];
        if (kindLength is 0 or > MaxKindLength || at + kindLength + 4 + SignatureLength > raw.Length)
        {
            rejection = new Rejection(RejectReason.Malformed, $"kind length {kindLength} is out of range");
            return false;
        }
        var kindBytes = span.Slice(at, kindLength);
        foreach (var b in kindBytes)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                rejection = new Rejection(RejectReason.Malformed, "kind name holds a byte that is not an ASCII letter");
                return false;
            }
        }
        var kind = Encoding.ASCII.GetString(kindBytes); at += kindLength;
        var bodyLength = BinaryPrimitives.ReadUInt32BigEndian(span[at..]); at += 4;
        if (bodyLength > MaxBodyLength)
        {
            rejection = new Rejection(RejectReason.Oversize, $"body is {bodyLength} bytes; the limit is {MaxBodyLength}");
            return false;
        }
        if (at + (long)bodyLength + SignatureLength != raw.Length)
        {
            rejection = new Rejection(RejectReason.Malformed, $"declared body length {bodyLength} does not match the event's size of {raw.Length} bytes");
            return false;
        }
        if (seqRaw is 0 or > long.MaxValue)
        {
            rejection = new Rejection(RejectReason.Malformed, "seq must be between 1 and 2^63-1");
            return false;
        }
        var seq = (long)seqRaw;
        if (seq == 1 != prev.IsZero)
        {
            rejection = new Rejection(RejectReason.WrongPrev, seq == 1 ? "the first event of a feed must have no prev" : $"event #{seq} has no prev");
            return false;
        }
        ledgerEvent = new LedgerEvent(raw, assembly, author, seq, prev, time, kind, at, (int)bodyLength, IdOf(raw));
        return true;
    }

    /// <summary>The event id: SHA-256 of the complete canonical bytes.</summary>
    public static Bytes32 IdOf(ReadOnlySpan<byte> raw)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(raw, hash);
        return Bytes32.Read(hash);
    }
}
