using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kiosk.Ledger;

namespace Kiosk.Hardware;

/// <summary>
/// The PINs of member cards enrolled at this gateway, kept only as verifiers in its data folder (owner-only files), never
/// in the ledger: a 4-digit PIN is 10⁴ guesses, so a hash in a replicated, public ledger would give it away offline. A
/// verifier is HMAC-SHA-256 of the card's hash and the PIN under a random key that exists only on this gateway
/// (<c>card-pin.key</c>), so the verifiers file (<c>card-pins.json</c>) alone, in a backup say, says nothing about a PIN.
/// Whoever holds the whole data folder can still try every PIN; the PIN stops a copied card, not a stolen gateway.
/// A PIN set here is checked only by this gateway's stations.
/// </summary>
public sealed class CardPinBook
{
    /// <summary>The fewest digits of a PIN.</summary>
    public const int MinDigits = 4;

    /// <summary>The most digits of a PIN.</summary>
    public const int MaxDigits = 8;

    private readonly string _keyPath;
    private readonly string _pinsPath;
    private readonly Lock _gate = new();
    private readonly byte[] _key;
    private readonly Dictionary<string, string> _verifiers;

    private CardPinBook(string keyPath, string pinsPath, byte[] key, Dictionary<string, string> verifiers) =>
        (_keyPath, _pinsPath, _key, _verifiers) = (keyPath, pinsPath, key, verifiers);

    /// <summary>Opens (or starts) the book in <paramref name="folder"/> (the gateway's data folder).</summary>
    public static CardPinBook Open(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var keyPath = Path.Combine(folder, "card-pin.key");
        var pinsPath = Path.Combine(folder, "card-pins.json");
        byte[] key;
        if (File.Exists(keyPath)) key = File.ReadAllBytes(keyPath);
        else
        {
            key = RandomNumberGenerator.GetBytes(32);
            OwnerOnlyFile.WriteAtomically(keyPath, key);
        }
        var verifiers = File.Exists(pinsPath) ? JsonSerializer.Deserialize(File.ReadAllText(pinsPath), HardwareJson.Default.DictionaryStringString) ?? [] : [];
        return new CardPinBook(keyPath, pinsPath, key, new Dictionary<string, string>(verifiers, StringComparer.Ordinal));
    }

    /// <summary>Null when <paramref name="pin"/> is a usable PIN, else why not (no PIN is named in the reason).</summary>
    public static string? Problem(string pin) =>
        pin is null || pin.Length is < MinDigits or > MaxDigits || !pin.All(char.IsAsciiDigit) ? $"a PIN is {MinDigits} to {MaxDigits} digits" : null;

    /// <summary>True when the card with hash <paramref name="card"/> has a PIN here.</summary>
    public bool Has(string card)
    {
        lock (_gate) return _verifiers.ContainsKey(card);
    }

    /// <summary>Sets the PIN of <paramref name="card"/> (null: removes it). Returns the problem, or null when stored.</summary>
    public string? Set(string card, string? pin)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (pin is not null && Problem(pin) is { } problem) return problem;
        lock (_gate)
        {
            if (pin is null) _verifiers.Remove(card);
            else _verifiers[card] = Convert.ToBase64String(Verifier(card, pin));
            OwnerOnlyFile.WriteAtomically(_pinsPath, JsonSerializer.SerializeToUtf8Bytes(_verifiers, HardwareJson.Default.DictionaryStringString));
        }
        return null;
    }

    /// <summary>True when <paramref name="pin"/> is the PIN of <paramref name="card"/> (compared in constant time).</summary>
    public bool Check(string card, string pin)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(pin);
        string? stored;
        lock (_gate) stored = _verifiers.GetValueOrDefault(card);
        return stored is not null && Problem(pin) is null && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(stored), Verifier(card, pin));
    }

    /// <summary>Where the gateway-local key is (for the docs and the backup notes).</summary>
    public string KeyPath => _keyPath;

    private byte[] Verifier(string card, string pin) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(card + "\n" + pin));
}
