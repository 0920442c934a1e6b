namespace Kiosk.Voting.Tally;

/// <summary>
/// One ranked ballot (or a group of identical ones, through <see cref="Weight"/>), stored compactly so that a million fit in memory:
/// <see cref="Marks"/> holds candidate indices rank by rank, with <see cref="Separator"/> between ranks.
/// A rank with no candidate is a skipped rank; a rank with several is an overvote (or, for Schulze, an equal ranking).
/// </summary>
/// <param name="Marks">Candidate indices (0-based, into the election's candidate list) with <see cref="Separator"/> between ranks.</param>
/// <param name="Weight">How many voters this ballot stands for; not negative.</param>
/// <param name="Id">An optional ballot identifier from the input file.</param>
public readonly record struct RankedBallot(int[] Marks, decimal Weight, string? Id = null)
{
    /// <summary>The value in <see cref="Marks"/> that ends one rank and starts the next.</summary>
    public const int Separator = -1;

    /// <summary>A ballot from its ranks: each rank is a set of candidate indices (empty for a skipped rank).</summary>
    public static RankedBallot FromRanks(decimal weight, params IReadOnlyList<int>[] ranks)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        var marks = new List<int>();
        for (var r = 0; r < ranks.Length; r++)
        {
            if (r > 0) marks.Add(Separator);
            marks.AddRange(ranks[r]);
        }
        return new RankedBallot(marks.ToArray(), weight);
    }

    /// <summary>A ballot with one candidate per rank, in order of preference.</summary>
    public static RankedBallot Ordered(decimal weight, params int[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Length == 0) return new RankedBallot([], weight);
        var marks = new int[order.Length * 2 - 1];
        for (var i = 0; i < order.Length; i++)
        {
            marks[i * 2] = order[i];
            if (i > 0) marks[i * 2 - 1] = Separator;
        }
        return new RankedBallot(marks, weight);
    }

    /// <summary>The ranks, each as the candidates at that rank (empty for a skipped rank).</summary>
    public IReadOnlyList<int[]> Ranks()
    {
        var ranks = new List<int[]>();
        if (Marks is null || Marks.Length == 0) return ranks;
        var current = new List<int>();
        foreach (var m in Marks)
        {
            if (m == Separator)
            {
                ranks.Add(current.ToArray());
                current.Clear();
            }
            else
            {
                current.Add(m);
            }
        }
        ranks.Add(current.ToArray());
        return ranks;
    }
}
