using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// The answer to a resident: the vote was recorded durably (with its receipt tracker), or why not. A secret vote is
/// recorded in this gateway's ballot-box queue (<see cref="InBallotBox"/>; no event id yet) and published with its batch.
/// </summary>
public sealed record VoteOutcome(string? Tracker, Bytes32? EventId, VoteRefusal? Refusal, bool InBallotBox = false)
{
    /// <summary>True when the vote is durably recorded (in the ledger, or in the ballot-box queue).</summary>
    public bool IsAccepted => Refusal is null;

    internal static VoteOutcome Accepted(LedgerEvent e) => new(ReceiptTracker.Of(e.Id), e.Id, null);

    internal static VoteOutcome Queued(string tracker) => new(tracker, null, null, InBallotBox: true);

    /// <summary>A refusal with its reason and the message shown to the voter.</summary>
    public static VoteOutcome Refused(VoteRefusalReason reason, string message) => new(null, null, new VoteRefusal(reason, message));
}
