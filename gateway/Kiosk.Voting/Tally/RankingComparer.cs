using System.Numerics;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Compares rankings (<see cref="RankedBallot.Marks"/>) by value, also against a span, so a row read from a file is looked up
/// before any array is made for it. The key is a struct so the dictionary's code is specialised for it (no shared generic
/// lookups per row), and the hash is a short multiply-rotate over the few marks a ranking has.
/// </summary>
internal sealed class RankingComparer : IEqualityComparer<RankingComparer.Key>, IAlternateEqualityComparer<ReadOnlySpan<int>, RankingComparer.Key>
{
    public static readonly RankingComparer Instance = new();

    /// <summary>A ranking as a dictionary key.</summary>
    public readonly record struct Key(int[] Marks);

    public bool Equals(Key x, Key y) => x.Marks.AsSpan().SequenceEqual(y.Marks);

    public int GetHashCode(Key obj) => GetHashCode(obj.Marks.AsSpan());

    public bool Equals(ReadOnlySpan<int> alternate, Key other) => alternate.SequenceEqual(other.Marks);

    public int GetHashCode(ReadOnlySpan<int> alternate)
    {
        var h = (uint)alternate.Length * 0x9E3779B1u;
        foreach (var m in alternate) h = BitOperations.RotateLeft(h ^ (uint)m, 5) * 0x85EBCA77u;
        return (int)(h ^ (h >> 15));
    }

    public Key Create(ReadOnlySpan<int> alternate) => new(alternate.ToArray());
}
