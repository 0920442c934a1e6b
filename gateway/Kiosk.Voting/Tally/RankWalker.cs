namespace Kiosk.Voting.Tally;

/// <summary>
/// Finds where a ranked ballot counts, under the overvote, skipped-rank and duplicate rules.
/// A walk starts at a rank's first mark and reports the rank of the candidate found, or why the ballot is inactive.
/// Resuming after a non-blank rank restarts the count of consecutive skipped ranks, since that rank was not skipped.
/// </summary>
internal readonly struct RankWalker
{
    private readonly OvervoteRule _overvote;
    private readonly int _maxSkipped;
    private readonly DuplicateRule _duplicate;

    public RankWalker(TallyRules rules)
    {
        _overvote = rules.Overvote;
        _maxSkipped = rules.MaxSkippedRanks ?? int.MaxValue;
        _duplicate = rules.Duplicate;
    }

    /// <summary>Walks from the rank starting at <paramref name="start"/>.</summary>
    /// <returns>The candidate found (and <paramref name="rankStart"/> set to its rank's start), or -1 with <paramref name="reason"/> set.</returns>
    public int Walk(int[] marks, int start, bool[] continuing, out int rankStart, out InactiveReason reason)
    {
        var skipped = 0;
        var p = start;
        reason = InactiveReason.ExhaustedChoices;
        while (p <= marks.Length)
        {
            var q = p;
            while (q < marks.Length && marks[q] != RankedBallot.Separator) q++;
            rankStart = p;
            if (q == p)
            {
                if (++skipped > _maxSkipped)
                {
                    reason = AnyMarkAfter(marks, q) ? InactiveReason.SkippedRankings : InactiveReason.ExhaustedChoices;
                    return -1;
                }
                p = q + 1;
                continue;
            }
            skipped = 0;
            if (q - p == 1)
            {
                var c = marks[p];
                if (Before(marks, p, c))
                {
                    if (_duplicate == DuplicateRule.Exhaust)
                    {
                        reason = InactiveReason.RepeatedRanking;
                        return -1;
                    }
                }
                else if (continuing[c])
                {
                    return c;
                }
                p = q + 1;
                continue;
            }
            switch (_overvote)
            {
                case OvervoteRule.ExhaustImmediately:
                    reason = InactiveReason.Overvote;
                    return -1;
                case OvervoteRule.ExhaustIfMultipleContinuing:
                    var found = -1;
                    for (var i = p; i < q; i++)
                    {
                        var c = marks[i];
                        if (!continuing[c] || c == found) continue;
                        if (found >= 0)
                        {
                            reason = InactiveReason.Overvote;
                            return -1;
                        }
                        found = c;
                    }
                    if (found >= 0) return found;
                    break;
            }
            p = q + 1;
        }
        rankStart = marks.Length;
        return -1;
    }

    /// <summary>The start of the rank after the one starting at <paramref name="rankStart"/>.</summary>
    public static int NextRank(int[] marks, int rankStart)
    {
        var q = rankStart;
        while (q < marks.Length && marks[q] != RankedBallot.Separator) q++;
        return q + 1;
    }

    private static bool Before(int[] marks, int end, int candidate)
    {
        for (var i = 0; i < end; i++)
        {
            if (marks[i] == candidate) return true;
        }
        return false;
    }

    private static bool AnyMarkAfter(int[] marks, int from)
    {
        for (var i = from; i < marks.Length; i++)
        {
            if (marks[i] != RankedBallot.Separator) return true;
        }
        return false;
    }
}
