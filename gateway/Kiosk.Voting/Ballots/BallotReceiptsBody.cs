using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// Body of <c>BallotReceipts</c>, written by a ballot box right after a batch of secret votes: the ballot and the
/// batch's receipt trackers, sorted. Trackers are random values chosen when each vote was queued and are not stored in
/// the votes, so the list proves to each voter that their vote is in the batch without linking any tracker to a vote.
/// </summary>
public sealed record BallotReceiptsBody(string Ballot, string[] Trackers) : ICheckedBody
{
    /// <summary>Most trackers in one batch.</summary>
    public const int MaxTrackers = 1000;

    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.BallotReceiptsBody;

    /// <inheritdoc />
    public string? Check()
    {
        if (BallotIds.Check("ballot", Ballot) is { } bad) return bad;
        if (Trackers is not { Length: > 0 }) return "trackers: a batch has at least one";
        if (Trackers.Length > MaxTrackers) return $"trackers: at most {MaxTrackers} per batch";
        for (var i = 0; i < Trackers.Length; i++)
        {
            if (!ReceiptTracker.IsWellFormed(Trackers[i])) return "trackers: each is XXXXX-XXXXX in the voter-code alphabet";
            if (i > 0 && string.CompareOrdinal(Trackers[i - 1], Trackers[i]) >= 0) return "trackers: must be sorted, each once";
        }
        return null;
    }
}
