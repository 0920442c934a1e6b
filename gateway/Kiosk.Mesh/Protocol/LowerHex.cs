using System.Buffers;
using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>The protocol's one spelling of keys, ids and hashes: lower-case hex.</summary>
internal static class LowerHex
{
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789abcdef");

    /// <summary>True when <paramref name="text"/> is non-empty and only lower-case hex digits.</summary>
    public static bool IsLowerHex(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExcept(Digits);

    /// <summary>Parses a 64-digit lower-case hex key.</summary>
    public static bool TryParseKey(ReadOnlySpan<char> text, out Bytes32 key)
    {
        key = default;
        return text.Length == Bytes32.Length * 2 && IsLowerHex(text) && Bytes32.TryParseHex(text.ToString(), out key);
    }
}
