using System.Runtime.CompilerServices;
namespace Kiosk.Voting.Tally;

/// <summary>
/// Collects ranked ballots while a file is read. With grouping (the default) identical rankings are merged as they arrive,
/// weights summed, so a city's million ballots become a few thousand distinct rankings and no ballot is kept on its own
/// (nor its id, which no count uses). Without grouping every ballot is kept, with its id: the same count either way.
/// </summary>
internal sealed class RankedBallotCollector
{
    private readonly bool _group;
    private readonly List<RankedBallot> _ballots = [];
    private readonly Dictionary<RankingComparer.Key, int> _index = new(RankingComparer.Instance);
    private readonly Dictionary<RankingComparer.Key, int>.AlternateLookup<ReadOnlySpan<int>> _bySpan;
    private decimal[] _weights = new decimal[64];
    private int _count;

    public RankedBallotCollector(bool group)
    {
        _group = group;
        _bySpan = _index.GetAlternateLookup<ReadOnlySpan<int>>();
    }

    /// <summary>
    /// Adds one ballot. Trailing blank ranks are dropped first: they carry no information, and dropping them lets
    /// <c>A,,</c> and <c>A</c> group together.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<int> marks, decimal weight, string? id)
    {
        var end = marks.Length;
        while (end > 0 && marks[end - 1] == RankedBallot.Separator) end--;
        marks = marks[..end];
        if (!_group)
        {
            _ballots.Add(new RankedBallot(marks.ToArray(), weight, id));
            return;
        }
        if (_bySpan.TryGetValue(marks, out var at))
        {
            _weights[at] += weight;
            return;
        }
        var kept = marks.ToArray();
        _index.Add(new RankingComparer.Key(kept), _count);
        if (_count == _weights.Length) Array.Resize(ref _weights, _count * 2);
        _weights[_count++] = weight;
        _ballots.Add(new RankedBallot(kept, 0));
    }

    /// <summary>The ballots (grouped: one per distinct ranking, in order of first appearance, with the summed weight).</summary>
    public IReadOnlyList<RankedBallot> Ballots()
    {
        if (!_group) return _ballots.ToArray();
        var ballots = new RankedBallot[_ballots.Count];
        for (var i = 0; i < ballots.Length; i++) ballots[i] = _ballots[i] with { Weight = _weights[i] };
        return ballots;
    }
}
