using System.Text;
using System.Text.Json;
using Kiosk.Ledger;
using NSec.Cryptography;

namespace Kiosk.Gateway.Data;

/// <summary>
/// A facilitator's key sealed under their passphrase: the Ed25519 seed encrypted with XChaCha20-Poly1305 under a key
/// derived from the passphrase by Argon2id (memory-hard). Logging in to the console is opening this lock, so a
/// successful login is the ability to sign as that facilitator, and the passphrase itself is stored nowhere.
/// File: <c>keys/NAME.lock</c> (JSON, mode 0600).
/// </summary>
public sealed record PassphraseLock(int Version, string Name, string PublicKey, long MemoryKiB, long Passes, string Salt, string Nonce, string Sealed)
{
    /// <summary>Argon2id memory (KiB): 64 MiB.</summary>
    public const long DefaultMemoryKiB = 64 * 1024;

    /// <summary>Argon2id passes.</summary>
    public const long DefaultPasses = 3;

    /// <summary>Shortest passphrase accepted.</summary>
    public const int MinPassphraseLength = 10;

    private const string KeyFilePrefix = "kiosk-ed25519-seed:";
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.XChaCha20Poly1305;

    /// <summary>The lock file of key <paramref name="keyName"/> in <paramref name="keysFolder"/>.</summary>
    public static string PathOf(string keysFolder, string keyName) => System.IO.Path.Combine(keysFolder, keyName + ".lock");

    /// <summary>Seals the key file at <paramref name="keyFilePath"/> under <paramref name="passphrase"/>.</summary>
    public static PassphraseLock Create(string name, string keyFilePath, string passphrase, long memoryKiB = DefaultMemoryKiB, long passes = DefaultPasses)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        if (passphrase.Length < MinPassphraseLength) throw new UserErrorException($"a passphrase needs at least {MinPassphraseLength} characters");
        using var key = KeyFile.Read(keyFilePath); // checks the file's permissions and format
        var text = File.ReadAllText(keyFilePath).Trim();
        var seed = Convert.FromHexString(text.AsSpan(KeyFilePrefix.Length));
        try
        {
            var salt = new byte[16];
            var nonce = new byte[Aead.NonceSize];
            System.Security.Cryptography.RandomNumberGenerator.Fill(salt);
            System.Security.Cryptography.RandomNumberGenerator.Fill(nonce);
            using var sealing = Derive(passphrase, salt, memoryKiB, passes);
            var ad = AssociatedData(name, key.PublicKey.ToHex());
            var ciphertext = Aead.Encrypt(sealing, nonce, ad, seed);
            return new PassphraseLock(1, name, key.PublicKey.ToHex(), memoryKiB, passes, Convert.ToBase64String(salt), Convert.ToBase64String(nonce), Convert.ToBase64String(ciphertext));
        }
        finally
        {
            Array.Clear(seed);
        }
    }

    /// <summary>Opens the lock: the facilitator's key pair, or null when the passphrase is wrong (or the file was altered).</summary>
    public AuthorKeyPair? Open(string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        using var sealing = Derive(passphrase, Convert.FromBase64String(Salt), MemoryKiB, Passes);
        if (Aead.Decrypt(sealing, Convert.FromBase64String(Nonce), AssociatedData(Name, PublicKey), Convert.FromBase64String(Sealed)) is not { } seed) return null;
        try
        {
            var pair = AuthorKeyPair.FromSeed(seed);
            if (pair.PublicKey.ToHex() == PublicKey) return pair;
            pair.Dispose();
            return null;
        }
        finally
        {
            Array.Clear(seed);
        }
    }

    /// <summary>Writes the lock file (owner-only), replacing an earlier one.</summary>
    public void Write(string path)
    {
        var temp = path + ".tmp";
        File.Delete(temp);
        CodeSheet.WriteOwnerOnly(temp, JsonSerializer.Serialize(this, GatewayJson.Default.PassphraseLock));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a lock file.</summary>
    public static PassphraseLock Read(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), GatewayJson.Default.PassphraseLock) ?? throw new InvalidDataException($"{path} is not a passphrase lock");

    /// <summary>Every lock in the keys folder, by key name.</summary>
    public static IReadOnlyDictionary<string, PassphraseLock> All(string keysFolder)
    {
        var locks = new SortedDictionary<string, PassphraseLock>(StringComparer.Ordinal);
        if (!Directory.Exists(keysFolder)) return locks;
        foreach (var file in Directory.EnumerateFiles(keysFolder, "*.lock"))
        {
            try
            {
                locks[System.IO.Path.GetFileNameWithoutExtension(file)] = Read(file);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
            {
                // An unreadable lock file offers no login; it is not fatal to the console.
            }
        }
        return locks;
    }

    private static Key Derive(string passphrase, byte[] salt, long memoryKiB, long passes)
    {
        var kdf = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = memoryKiB, NumberOfPasses = passes });
        return kdf.DeriveKey(passphrase, salt, Aead);
    }

    private static byte[] AssociatedData(string name, string publicKey) => Encoding.UTF8.GetBytes($"kiosk/v1/console-lock|{name}|{publicKey}");
}
