using System.Security.Cryptography;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// A vote's receipt tracker, XXXXX-XXXXX in the voter-code alphabet (50 bits).
/// <list type="bullet">
/// <item>A secret vote's tracker is random (<see cref="NewRandom"/>), chosen when the vote is queued; it is published
/// only in its batch's sorted <c>BallotReceipts</c> list, never in the vote, so it proves the vote was recorded (in that
/// batch) and nothing links it to the choice.</item>
/// <item>A roll-call (open) vote's tracker is derived from its event id (<see cref="Of"/>): SHA-256("kiosk/v1/tracker" ‖
/// id), first 50 bits.</item>
/// </list>
/// </summary>
public static class ReceiptTracker
{
    private const int Symbols = 10;

    /// <summary>The tracker of the open vote with event id <paramref name="eventId"/>.</summary>
    public static string Of(Kiosk.Ledger.Bytes32 eventId)
    {
        Span<byte> input = stackalloc byte[16 + Kiosk.Ledger.Bytes32.Length];
        "kiosk/v1/tracker"u8.CopyTo(input);
        eventId.Write(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return Format(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash));
    }

    /// <summary>A fresh random tracker (a secret vote's), from the system's CSPRNG.</summary>
    public static string NewRandom()
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return Format(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(random));
    }

    /// <summary>True for XXXXX-XXXXX in the voter-code alphabet.</summary>
    public static bool IsWellFormed(string? tracker) =>
        tracker is { Length: Symbols + 1 } && tracker[5] == '-'
        && tracker.Where((c, i) => i != 5).All(c => VoterCode.Alphabet.Contains(c, StringComparison.Ordinal));

    // The top 50 bits of bits, five at a time.
    private static string Format(ulong bits)
    {
        Span<char> symbols = stackalloc char[Symbols];
        for (var i = 0; i < symbols.Length; i++) symbols[i] = VoterCode.Alphabet[(int)((bits >> (59 - 5 * i)) & 31)];
        return $"{symbols[..5]}-{symbols[5..]}";
    }
}
