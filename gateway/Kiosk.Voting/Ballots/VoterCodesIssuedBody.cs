using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// Body of <c>VoterCodesIssued</c>: the ballots the codes are valid for (one, or a session of several), the weight
/// each code carries, and for each code only H(H(code)) in hex — never the code, never who received it.
/// </summary>
public sealed record VoterCodesIssuedBody(string[] Ballots, string[] Hashes, decimal Weight = 1) : ICheckedBody
{
    /// <summary>Most codes in one issuance (a bigger run is split into several events).</summary>
    public const int MaxCodes = 600;

    /// <inheritdoc />
    public string? Check()
    {
        if (Ballots is not { Length: > 0 }) return "ballots: the codes must be valid for at least one ballot";
        foreach (var ballot in Ballots)
            if (BallotIds.Check("ballot", ballot) is { } bad) return bad;
        if (Hashes is not { Length: > 0 }) return "hashes: no codes";
        if (Hashes.Length > MaxCodes) return $"hashes: at most {MaxCodes} codes per event";
        if (Hashes.Any(h => h is not { Length: 64 } || !h.All(Uri.IsHexDigit))) return "hashes: each is a SHA-256 in 64 hex digits";
        if (Hashes.Distinct(StringComparer.Ordinal).Count() != Hashes.Length) return "hashes: a code appears twice";
        return Weight is > 0 and <= 1000 ? null : "weight must be greater than 0 and at most 1000";
    }
}
