namespace Kiosk.Voting.Tally;

/// <summary>Identical rankings merged into one group with the summed weight, so a count walks each distinct ranking once.</summary>
internal sealed class BallotGroups
{
    private BallotGroups(int[][] marks, decimal[] weights)
    {
        Marks = marks;
        Weights = weights;
    }

    /// <summary>The distinct rankings, in order of first appearance.</summary>
    public int[][] Marks { get; }

    /// <summary>The summed weight of each distinct ranking.</summary>
    public decimal[] Weights { get; }

    public int Count => Marks.Length;

    public static BallotGroups Group(IReadOnlyList<RankedBallot> ballots)
    {
        var index = new Dictionary<int[], int>(ballots.Count / 4 + 16, MarksComparer.Instance);
        var marks = new List<int[]>();
        var weights = new List<decimal>();
        foreach (var b in ballots)
        {
            var m = b.Marks ?? [];
            if (index.TryGetValue(m, out var at))
            {
                weights[at] += b.Weight;
            }
            else
            {
                index.Add(m, marks.Count);
                marks.Add(m);
                weights.Add(b.Weight);
            }
        }
        return new BallotGroups(marks.ToArray(), weights.ToArray());
    }

    private sealed class MarksComparer : IEqualityComparer<int[]>
    {
        public static readonly MarksComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y.AsSpan());

        public int GetHashCode(int[] obj)
        {
            var h = new HashCode();
            h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return h.ToHashCode();
        }
    }
}
