using System.Security.Cryptography;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// A vote's receipt: a short tracker derived from its event id (SHA-256 of "kiosk/v1/tracker" ‖ id, first 50 bits
/// in the voter-code alphabet, XXXXX-XXXXX). Anyone can find it on the board's list of counted trackers; it shows
/// the vote was recorded as cast and says nothing of the choice.
/// </summary>
public static class ReceiptTracker
{
    /// <summary>The tracker of the vote with event id <paramref name="eventId"/>.</summary>
    public static string Of(Kiosk.Ledger.Bytes32 eventId)
    {
        Span<byte> input = stackalloc byte[16 + Kiosk.Ledger.Bytes32.Length];
        "kiosk/v1/tracker"u8.CopyTo(input);
        eventId.Write(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
        Span<char> symbols = stackalloc char[10];
        for (var i = 0; i < symbols.Length; i++) symbols[i] = VoterCode.Alphabet[(int)((bits >> (59 - 5 * i)) & 31)];
        return $"{symbols[..5]}-{symbols[5..]}";
    }
}
