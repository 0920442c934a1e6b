using System.Security.Cryptography;
using System.Text;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// One-time voter codes: 11 random symbols of Crockford's base-32 alphabet (no I, L, O or U, so nothing is
/// mistaken for 1 or 0; 55 bits) and one check symbol (over GF(32), which catches every single mistyped symbol
/// and every swap of neighbours), shown as <c>XXXX-XXXX-XXXX</c>. A vote carries a per-ballot credential,
/// H("kiosk/v1/credential" ‖ code ‖ ballot id), and the ledger publishes only each ballot's commitments H(credential),
/// so no value a vote or an issuance carries is the same on two ballots (docs/secrecy.md). Assemblies issued before
/// per-ballot credentials published H(H(code)) and their votes carry H(code); those keep counting (<see cref="Hash"/>).
/// H is SHA-256.
/// </summary>
public static class VoterCode
{
    /// <summary>The 32 symbols, in value order.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Symbols in a code, check symbol included.</summary>
    public const int Length = 12;

    private const int RandomSymbols = Length - 1;

    /// <summary>A new random code, formatted.</summary>
    public static string Generate()
    {
        Span<char> symbols = stackalloc char[RandomSymbols];
        for (var i = 0; i < RandomSymbols; i++) symbols[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        var body = new string(symbols);
        return Format(body + CheckSymbol(body));
    }

    /// <summary>Groups 12 symbols as XXXX-XXXX-XXXX.</summary>
    public static string Format(string symbols) => $"{symbols[..4]}-{symbols[4..8]}-{symbols[8..]}";

    /// <summary>
    /// Reads what a person typed: case, spaces and dashes do not matter, O reads as 0 and I or L as 1. Returns the
    /// 12 symbols, or null with a plain reason (wrong length, a symbol not in the alphabet, a typo caught by the check).
    /// </summary>
    public static string? Normalize(string? typed, out VoteRefusal? problem)
    {
        problem = null;
        var symbols = new StringBuilder(Length);
        foreach (var raw in typed ?? "")
        {
            if (raw is '-' or ' ') continue;
            var c = char.ToUpperInvariant(raw) switch { 'O' => '0', 'I' or 'L' => '1', var other => other };
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                problem = new VoteRefusal(VoteRefusalReason.CodeMistyped, $"'{raw}' is not used in voter codes; check the code on your slip");
                return null;
            }
            symbols.Append(c);
        }
        if (symbols.Length != Length)
        {
            problem = new VoteRefusal(VoteRefusalReason.CodeMistyped, $"a voter code has {Length} characters (XXXX-XXXX-XXXX); this one has {symbols.Length}");
            return null;
        }
        var code = symbols.ToString();
        if (CheckSymbol(code[..RandomSymbols]) != code[RandomSymbols])
        {
            problem = new VoteRefusal(VoteRefusalReason.CodeMistyped, "this code has a typing mistake (its last character does not match); check each character on your slip");
            return null;
        }
        return code;
    }

    /// <summary>
    /// The check symbol of <paramref name="body"/>: with symbols as elements of GF(32) (polynomial x⁵+x²+1),
    /// r ← 2·r + d over the body, and the check is 2·r. The code's whole sum is then zero; a changed symbol at
    /// position k changes it by 2ᵏ·e ≠ 0, and swapping neighbours d, d′ by 2ᵏ·(d − d′)·3 ≠ 0, so both are always caught
    /// (Luhn mod 32 misses the swap of 0 and Z).
    /// </summary>
    public static char CheckSymbol(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var r = 0;
        foreach (var symbol in body) r = Times2(r) ^ Alphabet.IndexOf(symbol, StringComparison.Ordinal);
        return Alphabet[Times2(r)];
    }

    /// <summary>Multiplication by x in GF(32) modulo x⁵ + x² + 1.</summary>
    private static int Times2(int value)
    {
        const int modulus = 0b100101;
        var doubled = value << 1;
        return (doubled & 0b100000) != 0 ? doubled ^ modulus : doubled;
    }

    /// <summary>The prefix of the per-ballot credential's hash input.</summary>
    public const string CredentialLabel = "kiosk/v1/credential";

    /// <summary>
    /// The credential a vote of <paramref name="normalizedCode"/> on <paramref name="ballotId"/> carries, in hex:
    /// SHA-256("kiosk/v1/credential" ‖ the 12 code symbols ‖ the ballot id in UTF-8). The code has a fixed length, so the
    /// input is unambiguous. The same code gives unrelated credentials on two ballots.
    /// </summary>
    public static string Credential(string normalizedCode, string ballotId)
    {
        ArgumentNullException.ThrowIfNull(normalizedCode);
        ArgumentNullException.ThrowIfNull(ballotId);
        if (normalizedCode.Length != Length) throw new ArgumentException($"a normalised code has {Length} symbols", nameof(normalizedCode));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CredentialLabel + normalizedCode + ballotId)));
    }

    /// <summary>The commitment an issuance publishes for a credential: SHA-256 of the credential's 32 bytes, in hex.</summary>
    public static string Commitment(string credentialHex) => HashOfHash(credentialHex);

    /// <summary>H(code) in hex: what a legacy vote carries (issuances before per-ballot credentials).</summary>
    public static string Hash(string normalizedCode) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalizedCode)));

    /// <summary>H(H(code)) in hex: what a legacy issuance published.</summary>
    public static string DoubleHash(string normalizedCode) => HashOfHash(Hash(normalizedCode));

    /// <summary>SHA-256 of the 32 bytes written in <paramref name="codeHashHex"/>, in hex (a legacy vote's H(code) to H(H(code)), a credential to its commitment).</summary>
    public static string HashOfHash(string codeHashHex) => Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(codeHashHex)));
}
