using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>A VoteCast as the projection keeps it: who wrote it where, and what it says.</summary>
public sealed record VoteRecord(Bytes32 EventId, Bytes32 Gateway, long Seq, long TimeMs, VoteCastBody Body)
{
    /// <summary>What identifies the voter for the revote rule: the code's hash, or the member's name.</summary>
    public string Credential => Body.Code is { } code ? "code:" + code : "member:" + Body.Member;

    /// <summary>The order of the revote rule: revision, then the author's clock, then the event id.</summary>
    public static int CompareForRevote(VoteRecord a, VoteRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = a.Body.Revision.CompareTo(b.Body.Revision);
        if (c != 0) return c;
        c = a.TimeMs.CompareTo(b.TimeMs);
        return c != 0 ? c : a.EventId.CompareTo(b.EventId);
    }
}
