namespace Kiosk.Voting.Tally;

/// <summary>
/// Identical rankings merged into one group with the summed weight, so a count walks each distinct ranking once.
/// Blank ballots (no candidate at any rank) are not a group: their weight is <see cref="Blank"/>, the undervotes.
/// </summary>
internal sealed class BallotGroups
{
    private BallotGroups(int[][] marks, decimal[] weights, decimal blank)
    {
        Marks = marks;
        Weights = weights;
        Blank = blank;
    }

    /// <summary>The weight of the blank ballots (undervotes), which count for nobody in any round.</summary>
    public decimal Blank { get; }

    /// <summary>The distinct rankings, in order of first appearance.</summary>
    public int[][] Marks { get; }

    /// <summary>The summed weight of each distinct ranking.</summary>
    public decimal[] Weights { get; }

    public int Count => Marks.Length;

    public static BallotGroups Group(IReadOnlyList<RankedBallot> ballots)
    {
        var index = new Dictionary<RankingComparer.Key, int>(ballots.Count / 4 + 16, RankingComparer.Instance);
        var marks = new List<int[]>();
        var weights = new List<decimal>();
        var blank = 0m;
        foreach (var b in ballots)
        {
            var m = b.Marks ?? [];
            if (IsBlank(m))
            {
                blank += b.Weight;
                continue;
            }
            if (index.TryGetValue(new RankingComparer.Key(m), out var at))
            {
                weights[at] += b.Weight;
            }
            else
            {
                index.Add(new RankingComparer.Key(m), marks.Count);
                marks.Add(m);
                weights.Add(b.Weight);
            }
        }
        return new BallotGroups(marks.ToArray(), weights.ToArray(), blank);
    }

    /// <summary>True when a ranking names no candidate at all (every rank skipped).</summary>
    public static bool IsBlank(ReadOnlySpan<int> marks)
    {
        foreach (var m in marks)
        {
            if (m != RankedBallot.Separator) return false;
        }
        return true;
    }
}
