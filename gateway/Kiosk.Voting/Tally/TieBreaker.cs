namespace Kiosk.Voting.Tally;

/// <summary>
/// Breaks ties by the configured <see cref="TieBreakRule"/>, deterministically: the random rule draws from SplitMix64,
/// a generator fixed by its published algorithm (not System.Random, whose sequence may change between .NET versions).
/// </summary>
internal sealed class TieBreaker
{
    private readonly TieBreakRule _rule;
    private readonly IReadOnlyList<string> _names;
    private readonly int[]? _lotPosition;
    private ulong _state;

    /// <param name="rule">The tie-break rule.</param>
    /// <param name="seed">The random rule's seed.</param>
    /// <param name="names">Candidate names, for the notes.</param>
    /// <param name="lotOrder">A BLT file's [tie] order: when given, the candidate-order fallback chooses the earliest in it, for either purpose.</param>
    public TieBreaker(TieBreakRule rule, ulong seed, IReadOnlyList<string> names, IReadOnlyList<int>? lotOrder = null)
    {
        _rule = rule;
        _state = seed;
        _names = names;
        if (lotOrder is not null)
        {
            _lotPosition = new int[names.Count];
            for (var i = 0; i < lotOrder.Count; i++) _lotPosition[lotOrder[i]] = i;
        }
    }

    /// <summary>Picks the candidate to eliminate among <paramref name="tied"/> (all with the lowest number).</summary>
    public int Lowest(IReadOnlyList<int> tied, IReadOnlyList<decimal[]> history, List<string> notes) => Pick(tied, history, notes, lowest: true);

    /// <summary>Picks the candidate to favour (elect, seat, transfer first) among <paramref name="tied"/> (all with the highest number).</summary>
    public int Highest(IReadOnlyList<int> tied, IReadOnlyList<decimal[]> history, List<string> notes) => Pick(tied, history, notes, lowest: false);

    private int Pick(IReadOnlyList<int> tied, IReadOnlyList<decimal[]> history, List<string> notes, bool lowest)
    {
        if (tied.Count == 1) return tied[0];
        var group = tied.OrderBy(c => c).ToList();
        var names = string.Join(", ", group.Select(c => _names[c]));
        var verb = lowest ? "to eliminate" : "to favour";
        if (_rule == TieBreakRule.PreviousRoundsThenCandidateOrder)
        {
            for (var r = history.Count - 1; r >= 0 && group.Count > 1; r--)
            {
                var round = history[r];
                var best = lowest ? group.Min(c => round[c]) : group.Max(c => round[c]);
                var kept = group.Where(c => round[c] == best).ToList();
                if (kept.Count < group.Count)
                {
                    group = kept;
                    if (group.Count == 1)
                    {
                        notes.Add($"tie between {names} broken by the tally of round {r + 1}: {_names[group[0]]} chosen {verb}");
                        return group[0];
                    }
                }
            }
        }
        if (_rule == TieBreakRule.Random)
        {
            var pick = group[(int)(Next() % (ulong)group.Count)];
            notes.Add($"tie between {names} broken by lot (seeded): {_names[pick]} chosen {verb}");
            return pick;
        }
        if (_lotPosition is { } position)
        {
            var drawn = group.OrderBy(c => position[c]).First();
            notes.Add($"tie between {names} broken by the file's [tie] order: {_names[drawn]} chosen {verb}");
            return drawn;
        }
        var chosen = lowest ? group[^1] : group[0];
        notes.Add($"tie between {names} broken by candidate order: {_names[chosen]} chosen {verb}");
        return chosen;
    }

    // SplitMix64 (Steele, Lea & Flood 2014): small, fast, and fully specified by its constants.
    private ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
