using System.Security.Cryptography;
using System.Text;

namespace Kiosk.Voting.Presence;

/// <summary>How a member card's UID is named in the ledger: SHA-256 of a fixed label and the UID in upper-case hex.</summary>
/// <remarks>
/// A 4-byte UID has only 2^32 values, so the hash hides a UID from a casual reader, not from a determined one: the UID is
/// not a secret (any reader reads it, and it can be copied), which is why a card identifies a card, not a person.
/// </remarks>
public static class MemberCards
{
    private const string Label = "kiosk member card v1:";

    /// <summary>The hash of <paramref name="uidHex"/> (case-insensitive hex), as 64 lower-case hex digits.</summary>
    public static string Hash(string uidHex)
    {
        ArgumentNullException.ThrowIfNull(uidHex);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Label + uidHex.ToUpperInvariant())));
    }

    /// <summary>True for 64 lower-case hex digits.</summary>
    public static bool IsHash(string? value) => value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
