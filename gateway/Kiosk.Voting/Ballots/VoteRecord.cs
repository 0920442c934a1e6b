using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// A VoteCast as the projection keeps it: the feed that holds it (<see cref="Author"/>: a gateway, or a gateway's
/// ballot box), where, and what it says.
/// </summary>
public sealed record VoteRecord(Bytes32 EventId, Bytes32 Author, long Seq, long TimeMs, VoteCastBody Body)
{
    /// <summary>What identifies the voter for the revote rule: the per-ballot credential, a legacy code hash, or the member.</summary>
    public VoterCredential Credential { get; } = VoterCredential.Of(Body);

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
