using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// Body of <c>VoterCodesIssued</c>: the ballots the codes are valid for (one, or a session of several), the weight each
/// code carries, and — never the codes, never who received them — either
/// <list type="bullet">
/// <item><see cref="Commitments"/> (every issuance now): for each ballot its own list of H(credential), where the
/// credential is H("kiosk/v1/credential" ‖ code ‖ ballot), each list sorted, so no value and no position links a code's
/// entry on one ballot to its entry on another; or</item>
/// <item><see cref="Hashes"/> (legacy issuances, still counted): H(H(code)) of each code, valid on every listed ballot.</item>
/// </list>
/// </summary>
public sealed record VoterCodesIssuedBody(string[] Ballots, string[]? Hashes = null, decimal Weight = 1, Dictionary<string, string[]>? Commitments = null) : ICheckedBody
{
    /// <summary>Most hashes or commitments in one event (a bigger issuance is split into several events).</summary>
    public const int MaxCodes = 600;

    /// <summary>True for the per-ballot form.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsPerBallot => Commitments is not null;

    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.VoterCodesIssuedBody;

    /// <inheritdoc />
    public string? Check()
    {
        if (Ballots is not { Length: > 0 }) return "ballots: the codes must be valid for at least one ballot";
        foreach (var ballot in Ballots)
            if (BallotIds.Check("ballot", ballot) is { } bad) return bad;
        if (Ballots.Distinct(StringComparer.Ordinal).Count() != Ballots.Length) return "ballots: a ballot appears twice";
        if ((Hashes is null) == (Commitments is null)) return "an issuance carries either commitments (per ballot) or hashes (legacy), not both";
        if (Weight is not (> 0 and <= 1000)) return "weight must be greater than 0 and at most 1000";
        if (Hashes is not null)
        {
            if (Hashes.Length == 0) return "hashes: no codes";
            if (Hashes.Length > MaxCodes) return $"hashes: at most {MaxCodes} codes per event";
            if (Hashes.Any(h => h is not { Length: 64 } || !h.All(Uri.IsHexDigit))) return "hashes: each is a SHA-256 in 64 hex digits";
            if (Hashes.Distinct(StringComparer.Ordinal).Count() != Hashes.Length) return "hashes: a code appears twice";
            return null;
        }
        if (Commitments!.Count != Ballots.Length || Ballots.Any(b => !Commitments.ContainsKey(b)))
            return "commitments: list one entry for each ballot in ballots, and no other";
        var total = 0;
        foreach (var ballot in Ballots)
        {
            var list = Commitments[ballot];
            if (list is not { Length: > 0 }) return $"commitments of '{ballot}': no codes";
            total += list.Length;
            for (var i = 0; i < list.Length; i++)
            {
                if (!VoteCastBody.IsHex64(list[i])) return $"commitments of '{ballot}': each is a SHA-256 in 64 lower-case hex digits";
                // Sorted and distinct: a list's order tells nothing, and lists of different ballots cannot be lined up.
                if (i > 0 && string.CompareOrdinal(list[i - 1], list[i]) >= 0) return $"commitments of '{ballot}': must be sorted, each once";
            }
        }
        return total > MaxCodes ? $"commitments: at most {MaxCodes} per event (split a bigger issuance)" : null;
    }
}
