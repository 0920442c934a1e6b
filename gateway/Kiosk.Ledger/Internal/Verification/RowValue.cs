using System.Globalization;

namespace Kiosk.Ledger.Internal.Verification;

/// <summary>Typed reading of untyped stored values, and how to show a value that is not what it should be.</summary>
internal static class RowValue
{
    private const int ShownBytes = 8;
    private const int ShownChars = 24;

    public static bool IsKey(object? value, out Bytes32 key)
    {
        key = default;
        if (value is not byte[] { Length: Bytes32.Length } bytes) return false;
        key = Bytes32.Read(bytes);
        return true;
    }

    /// <summary>Why <paramref name="value"/> is not a 32-byte key, or null when it is.</summary>
    public static string? NotKey(string column, object? value) =>
        value is byte[] { Length: Bytes32.Length } ? null : $"{column} is {Describe(value)}, not 32 bytes";

    public static string? NotNumber(string column, object? value) => value is long ? null : $"{column} is {Describe(value)}, not an integer";

    public static string? NotText(string column, object? value) => value is string ? null : $"{column} is {Describe(value)}, not text";

    public static string? NotBlob(string column, object? value) => value is byte[] ? null : $"{column} is {Describe(value)}, not bytes";

    /// <summary>A short, safe rendering of a stored value for a message.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "NULL",
        byte[] b => $"{b.Length} byte(s) x'{Convert.ToHexStringLower(b.AsSpan(0, Math.Min(b.Length, ShownBytes)))}{(b.Length > ShownBytes ? "…" : "")}'",
        string s => $"text '{(s.Length > ShownChars ? s[..ShownChars] + "…" : s)}'",
        long n => $"integer {n.ToString(CultureInfo.InvariantCulture)}",
        double d => $"real {d.ToString(CultureInfo.InvariantCulture)}",
        _ => value.GetType().Name,
    };

    /// <summary>"author#seq" when the row's author and seq are readable, else a description of what the row holds.</summary>
    public static string RowName(object? author, object? seq) =>
        IsKey(author, out var a) && seq is long s ? $"{a.ShortHex}#{s}" : $"(author {Describe(author)}, seq {Describe(seq)})";

    /// <summary>The problems of a row, joined, or null when there are none.</summary>
    public static string? Join(params string?[] problems)
    {
        var found = problems.OfType<string>().ToArray();
        return found.Length == 0 ? null : string.Join("; ", found);
    }
}
