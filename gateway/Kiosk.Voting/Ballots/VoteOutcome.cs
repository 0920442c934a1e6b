using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>The answer to a resident: the vote was recorded (with its receipt tracker), or why not.</summary>
public sealed record VoteOutcome(string? Tracker, Bytes32? EventId, VoteRefusal? Refusal)
{
    /// <summary>True when the vote is durably in the ledger.</summary>
    public bool IsAccepted => Refusal is null;

    internal static VoteOutcome Accepted(LedgerEvent e) => new(ReceiptTracker.Of(e.Id), e.Id, null);

    /// <summary>A refusal with its reason and the message shown to the voter.</summary>
    public static VoteOutcome Refused(VoteRefusalReason reason, string message) => new(null, null, new VoteRefusal(reason, message));
}
