namespace Kiosk.Voting.Tally;

/// <summary>Compares rankings (<see cref="RankedBallot.Marks"/>) by value, also against a span, so a row read from a file is looked up before any array is made for it.</summary>
internal sealed class RankingComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
{
    public static readonly RankingComparer Instance = new();

    public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y.AsSpan());

    public int GetHashCode(int[] obj) => GetHashCode(obj.AsSpan());

    public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<int> alternate)
    {
        var h = new HashCode();
        h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(alternate));
        return h.ToHashCode();
    }

    public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();
}
