using System.Security.Cryptography;
using System.Text;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// One-time voter codes: 11 random symbols of Crockford's base-32 alphabet (no I, L, O or U, so nothing is
/// mistaken for 1 or 0; 55 bits) and one check symbol (over GF(32), which catches every single mistyped symbol
/// and every swap of neighbours), shown as <c>XXXX-XXXX-XXXX</c>. The ledger publishes only H(H(code)); a vote
/// carries H(code), where H is SHA-256 over the 12 symbols.
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

    /// <summary>H(code) in hex: what a vote carries.</summary>
    public static string Hash(string normalizedCode) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalizedCode)));

    /// <summary>H(H(code)) in hex: what the issuance publishes.</summary>
    public static string DoubleHash(string normalizedCode) => HashOfHash(Hash(normalizedCode));

    /// <summary>H of a vote's H(code), to find it among the published hashes.</summary>
    public static string HashOfHash(string codeHashHex) => Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(codeHashHex)));
}
