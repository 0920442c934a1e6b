using System.Text.RegularExpressions;

namespace Kiosk.Ledger.Bodies;

/// <summary>Field checks shared by event bodies; each returns null or a message naming the field.</summary>
public static partial class BodyRules
{
    /// <summary>Longest name or label a body may carry.</summary>
    public const int MaxNameLength = 200;

    /// <summary>A public key written as 64 lower-case hex digits.</summary>
    public static string? Key(string field, string? value) =>
        value is not null && value.Length == 64 && LowerHex().IsMatch(value) ? null : $"{field} must be a public key in 64 lower-case hex digits";

    /// <summary>A non-empty display name of bounded length without control characters.</summary>
    public static string? Name(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return $"{field} must not be empty";
        if (value.Length > MaxNameLength) return $"{field} is longer than {MaxNameLength} characters";
        return value.Any(char.IsControl) ? $"{field} contains a control character" : null;
    }

    /// <summary>A device identifier: 1–64 of a–z, 0–9 and '-'.</summary>
    public static string? DeviceId(string field, string? value) =>
        value is not null && DeviceIdPattern().IsMatch(value) ? null : $"{field} must be 1–64 characters of a-z, 0-9 and '-'";

    /// <summary>The first problem among several checks, or null.</summary>
    public static string? First(params string?[] problems) => problems.FirstOrDefault(p => p is not null);

    [GeneratedRegex("^[0-9a-f]+$")]
    private static partial Regex LowerHex();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex DeviceIdPattern();
}
