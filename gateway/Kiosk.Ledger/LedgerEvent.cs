namespace Kiosk.Ledger;

/// <summary>
/// One signed event of an author's feed, decoded from its canonical bytes (<see cref="Raw"/>).
/// The id is the SHA-256 of <see cref="Raw"/>, signature included.
/// </summary>
public sealed class LedgerEvent
{
    internal LedgerEvent(byte[] raw, AssemblyId assembly, Bytes32 author, long seq, Bytes32 prev, long authorTimeMs, string kind, int bodyOffset, int bodyLength, Bytes32 id)
    {
        Raw = raw;
        Assembly = assembly;
        Author = author;
        Seq = seq;
        Prev = prev;
        AuthorTimeMs = authorTimeMs;
        Kind = kind;
        _bodyOffset = bodyOffset;
        _bodyLength = bodyLength;
        Id = id;
    }

    private readonly int _bodyOffset;
    private readonly int _bodyLength;

    /// <summary>The canonical bytes: header, body and signature.</summary>
    public byte[] Raw { get; }

    /// <summary>The assembly the event belongs to.</summary>
    public AssemblyId Assembly { get; }

    /// <summary>The author's Ed25519 public key.</summary>
    public Bytes32 Author { get; }

    /// <summary>Position in the author's feed: 1, 2, 3…</summary>
    public long Seq { get; }

    /// <summary>Id of the author's previous event; zero for seq 1.</summary>
    public Bytes32 Prev { get; }

    /// <summary>The author's wall-clock time in Unix milliseconds (a claim, not a fact: gateways may lack a clock).</summary>
    public long AuthorTimeMs { get; }

    /// <summary>The author's wall-clock time.</summary>
    public DateTimeOffset AuthorTime => DateTimeOffset.FromUnixTimeMilliseconds(AuthorTimeMs);

    /// <summary>The event kind's name.</summary>
    public string Kind { get; }

    /// <summary>The body: UTF-8 JSON, exactly as signed.</summary>
    public ReadOnlyMemory<byte> Body => Raw.AsMemory(_bodyOffset, _bodyLength);

    /// <summary>The signed part of <see cref="Raw"/> (everything but the signature).</summary>
    public ReadOnlySpan<byte> SignedBytes => Raw.AsSpan(0, Raw.Length - EventEncoding.SignatureLength);

    /// <summary>The Ed25519 signature.</summary>
    public ReadOnlySpan<byte> Signature => Raw.AsSpan(Raw.Length - EventEncoding.SignatureLength);

    /// <summary>SHA-256 of <see cref="Raw"/>.</summary>
    public Bytes32 Id { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Author.ShortHex}#{Seq} ({Id.ShortHex})";
}
