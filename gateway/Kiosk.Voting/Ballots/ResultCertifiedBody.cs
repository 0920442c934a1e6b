using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// Body of <c>ResultCertified</c>: the gateway and ballot-box feeds (and through which seq) whose votes the final result
/// includes, so every replica computes the same final tally even if a gateway never wrote CloseSeen.
/// </summary>
public sealed record ResultCertifiedBody(string Ballot, Dictionary<string, long> Feeds) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.ResultCertifiedBody;

    /// <inheritdoc />
    public string? Check()
    {
        if (BallotIds.Check("ballot", Ballot) is { } bad) return bad;
        if (Feeds is null) return "feeds: list the gateway feeds the result includes";
        foreach (var (key, seq) in Feeds)
        {
            if (BodyRules.Key("feeds key", key) is { } badKey) return badKey;
            if (seq < 0) return "feeds: seqs are 0 or more";
        }
        return null;
    }
}
