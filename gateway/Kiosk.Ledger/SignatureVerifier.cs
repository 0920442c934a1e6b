using System.Collections.Concurrent;
using NSec.Cryptography;

namespace Kiosk.Ledger;

/// <summary>Checks Ed25519 signatures, caching imported public keys (import is the costly part of a check).</summary>
public static class SignatureVerifier
{
    private const int MaxCachedKeys = 10_000;
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private static readonly ConcurrentDictionary<Bytes32, PublicKey?> Keys = new();

    /// <summary>True when <paramref name="signature"/> is the author's signature over <paramref name="data"/>.</summary>
    public static bool Verify(Bytes32 author, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (!Keys.TryGetValue(author, out var key))
        {
            Span<byte> raw = stackalloc byte[Bytes32.Length];
            author.Write(raw);
            PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out key);
            if (Keys.Count >= MaxCachedKeys) Keys.Clear(); // a flood of unknown keys must not grow memory without bound
            Keys.TryAdd(author, key);
        }
        return key is not null && Algorithm.Verify(key, data, signature);
    }
}
