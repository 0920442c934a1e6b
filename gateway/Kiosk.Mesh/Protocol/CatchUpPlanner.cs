using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// Decides what to ask a peer for, from what this gateway holds and what the peer's <c>have</c> says it holds: every
/// range of a feed the peer holds beyond this gateway's head (authority feeds first, so a returning gateway learns of
/// enrolments and closes before a week of votes), a single event wherever the two heads disagree at the same seq
/// (a fork to record), and the fork proofs of feeds the peer knows to be forked from an earlier seq. Pure: no I/O.
/// </summary>
public static class CatchUpPlanner
{
    /// <summary>What this gateway holds, as the planner sees it.</summary>
    /// <param name="Heads">Author → head of the feed here.</param>
    /// <param name="Forks">Author → lowest forked seq known here.</param>
    /// <param name="IdAt">The id of the event held here at (author, seq), or null (a ledger read: asked only where the peer is behind).</param>
    /// <param name="IsAuthority">True for the founder's and facilitators' feeds.</param>
    public sealed record Holdings(
        IReadOnlyDictionary<Bytes32, FeedHead> Heads,
        IReadOnlyDictionary<Bytes32, long> Forks,
        Func<Bytes32, long, Bytes32?> IdAt,
        Func<Bytes32, bool> IsAuthority);

    /// <summary>
    /// Plans a want. <paramref name="busyElsewhere"/> says which authors another link is fetching now: they are left
    /// out (asking twice costs bytes; asking past the other link's range would only arrive out of order).
    /// <paramref name="forkChecks"/> are seqs where this link's events did not chain onto ours (a sign of a fork):
    /// the peer's event at each is asked for.
    /// </summary>
    public static WantPlan Plan(Holdings mine, HaveMessage theirs, Func<Bytes32, bool> busyElsewhere, IEnumerable<(Bytes32 Author, long Seq)> forkChecks)
    {
        ArgumentNullException.ThrowIfNull(mine);
        ArgumentNullException.ThrowIfNull(theirs);
        ArgumentNullException.ThrowIfNull(busyElsewhere);
        ArgumentNullException.ThrowIfNull(forkChecks);
        var ranges = new List<FeedRange>();
        foreach (var (author, head) in theirs.Feeds)
        {
            if (busyElsewhere(author)) continue;
            var mineHead = mine.Heads.GetValueOrDefault(author, FeedHead.Empty);
            var forkedHere = mine.Forks.TryGetValue(author, out var forkSeq);
            if (head.Seq > mineHead.Seq)
            {
                // A forked feed takes nothing past its fork point; asking for more would be refused anyway.
                if (!forkedHere) ranges.Add(new FeedRange(author, mineHead.Seq + 1, head.Seq));
            }
            else if (!(forkedHere && forkSeq <= head.Seq) && DiffersAt(mine, author, head, mineHead))
            {
                ranges.Add(new FeedRange(author, head.Seq, head.Seq));
            }
        }
        foreach (var (author, seq) in forkChecks.Distinct())
        {
            if (mine.Forks.TryGetValue(author, out var known) && known <= seq) continue;
            if (theirs.Feeds.TryGetValue(author, out var head) && head.Seq >= seq && !ranges.Any(r => r.Author == author && r.FromSeq <= seq && seq <= r.ToSeq))
                ranges.Add(new FeedRange(author, seq, seq));
        }
        var proofs = theirs.Forks
            .Where(f => !busyElsewhere(f.Key) && (!mine.Forks.TryGetValue(f.Key, out var known) || known > f.Value))
            .Select(f => f.Key).Order().ToList();
        // Authority feeds first, then the rest; within each, by author and seq (a stable order, one per plan).
        var ordered = ranges.OrderBy(r => mine.IsAuthority(r.Author) ? 0 : 1).ThenBy(r => r.Author).ThenBy(r => r.FromSeq).Take(MeshLimits.MaxRanges).ToList();
        return new WantPlan(ordered, proofs);
    }

    private static bool DiffersAt(Holdings mine, Bytes32 author, FeedHead theirs, FeedHead mineHead)
    {
        if (theirs.Seq == mineHead.Seq) return theirs.Id != mineHead.Id;
        return mine.IdAt(author, theirs.Seq) is { } id && id != theirs.Id;
    }
}
