using NSec.Cryptography;

namespace Kiosk.Ledger;

/// <summary>An author's Ed25519 key pair. The private half never leaves this type except into a key file.</summary>
public sealed class AuthorKeyPair : IDisposable
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private AuthorKeyPair(Key key)
    {
        _key = key;
        PublicKey = Bytes32.Read(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The public key: the author's identity in the ledger.</summary>
    public Bytes32 PublicKey { get; }

    /// <summary>A new random key pair.</summary>
    public static AuthorKeyPair Generate() => new(Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>A key pair from its 32-byte private seed (key files and fixed test keys).</summary>
    public static AuthorKeyPair FromSeed(ReadOnlySpan<byte> seed) =>
        new(Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>The 32-byte private seed, for writing a key file.</summary>
    internal byte[] ExportSeed() => _key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>Signs <paramref name="data"/> into <paramref name="signature"/> (64 bytes).</summary>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => Algorithm.Sign(_key, data, signature);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"key {PublicKey.ShortHex}"; // never the private half
}
