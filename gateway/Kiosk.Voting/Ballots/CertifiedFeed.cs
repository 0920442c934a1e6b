using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// One feed a certification includes: a gateway's (or hub's) own feed, or its ballot box's, through which seq, and
/// whether that seq comes from the gateway's CloseSeen (else it is the feed's head as this replica holds it).
/// </summary>
public sealed record CertifiedFeed(Bytes32 Key, Bytes32 Gateway, bool IsBallotBox, long ThroughSeq, bool SawClose)
{
    /// <summary>
    /// The feeds a certification of <paramref name="ballotId"/> includes: every gateway and hub through its CloseSeen (or
    /// its head), and every ballot box through the seq its gateway's CloseSeen names (or its head, with no CloseSeen); a
    /// retired gateway and its box no further than the retirement's cut-offs.
    /// </summary>
    public static IReadOnlyList<CertifiedFeed> For(AssemblyProjection projection, AuthorityTable authority, string ballotId, Func<Bytes32, long> headOf)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(headOf);
        var feeds = new List<CertifiedFeed>();
        foreach (var member in authority.Members.Values.Where(m => m.Role is Role.Gateway or Role.Hub).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Key))
        {
            var seen = projection.CloseSeen(ballotId, member.Key);
            // A retired gateway's feeds count no further than its retirement's cut-offs.
            feeds.Add(new CertifiedFeed(member.Key, member.Key, false, seen?.Seq ?? Math.Min(headOf(member.Key), member.ValidThroughSeq), seen is not null));
            if (authority.BallotBoxOf(member.Key) is { } box)
                feeds.Add(new CertifiedFeed(box.Box, member.Key, true, seen is null ? Math.Min(headOf(box.Box), authority.ValidThrough(box.Box)) : seen.BoxThrough ?? 0, seen is not null));
        }
        return feeds;
    }

    /// <summary>The body of the <c>ResultCertified</c> event that includes <paramref name="feeds"/>.</summary>
    public static ResultCertifiedBody Body(string ballotId, IEnumerable<CertifiedFeed> feeds) =>
        new(ballotId, feeds.ToDictionary(f => f.Key.ToHex(), f => f.ThroughSeq, StringComparer.Ordinal));
}
