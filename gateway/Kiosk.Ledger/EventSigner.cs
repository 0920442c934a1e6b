namespace Kiosk.Ledger;

/// <summary>Makes signed events: lays out the canonical bytes and signs them with the author's key.</summary>
public static class EventSigner
{
    /// <summary>Signs a new event of <paramref name="author"/>'s feed.</summary>
    public static LedgerEvent Sign(AssemblyId assembly, AuthorKeyPair author, long seq, Bytes32 prev, long authorTimeMs, string kind, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(author);
        var buffer = EventEncoding.EncodeUnsigned(assembly, author.PublicKey, seq, prev, authorTimeMs, kind, body);
        author.Sign(buffer.AsSpan(0, buffer.Length - EventEncoding.SignatureLength), buffer.AsSpan(buffer.Length - EventEncoding.SignatureLength));
        if (!EventEncoding.TryDecode(buffer, out var signed, out var problem))
            throw new InvalidOperationException($"a freshly signed event failed to decode: {problem}");
        return signed;
    }
}
