namespace Kiosk.Voting.Tally;

/// <summary>
/// What every ranked count starts from: the distinct rankings and their weights, the blank ballots (undervotes), the
/// candidates who take no part (withdrawn in the ballot file or excluded by the rules: never continuing, shown in no tally),
/// and the undeclared write-in. Candidate indices stay those of the election, so a ranking of an excluded candidate is
/// still a mark at its rank (passed over like an eliminated candidate's, not a skipped rank).
/// </summary>
internal sealed class RankedField
{
    private RankedField(IReadOnlyList<string> names, bool[] excluded, int writeIn, BallotGroups groups)
    {
        Names = names;
        Excluded = excluded;
        WriteIn = writeIn;
        Groups = groups;
        Shown = Enumerable.Range(0, names.Count).Where(c => !excluded[c]).Select(c => names[c]).ToArray();
        ExcludedNames = Enumerable.Range(0, names.Count).Where(c => excluded[c]).Select(c => names[c]).ToArray();
    }

    /// <summary>Every candidate of the election, by index.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Candidates who take no part, by index.</summary>
    public bool[] Excluded { get; }

    /// <summary>The undeclared write-in's index, or -1 when the rules name none or nobody wrote in.</summary>
    public int WriteIn { get; }

    /// <summary>The non-blank rankings, grouped, and the weight of the blank ones.</summary>
    public BallotGroups Groups { get; }

    /// <summary>The candidates taking part, in candidate order: the result's candidates and the names of every tally.</summary>
    public IReadOnlyList<string> Shown { get; }

    /// <summary>The candidates who take no part, in candidate order.</summary>
    public IReadOnlyList<string> ExcludedNames { get; }

    /// <summary>The weight of every ballot read, blank ones included.</summary>
    public decimal Total => Groups.Weights.Sum() + Groups.Blank;

    /// <summary>Who is continuing at the start: everyone not excluded.</summary>
    public bool[] Continuing() => Excluded.Select(x => !x).ToArray();

    /// <summary>A round's tally: the values of the candidates taking part, in candidate order.</summary>
    public NamedValue[] Tally(decimal[] values)
    {
        var tally = new NamedValue[Shown.Count];
        var k = 0;
        for (var c = 0; c < Names.Count; c++)
        {
            if (!Excluded[c]) tally[k++] = new NamedValue(Names[c], values[c]);
        }
        return tally;
    }

    /// <summary>Whether <paramref name="c"/> is the undeclared write-in.</summary>
    public bool IsWriteIn(int c) => c == WriteIn;

    /// <summary>Sets up a count; an excluded name that is not a candidate is an error (a typo would otherwise change nothing).</summary>
    public static Outcome<RankedField> Create(RankedElection election, TallyRules rules, bool excludeWriteIn = false)
    {
        var names = election.Candidates;
        var excluded = new bool[names.Count];
        foreach (var w in election.Withdrawn ?? []) excluded[w] = true;
        foreach (var name in rules.Excluded ?? [])
        {
            var at = IndexOf(names, name.Trim());
            if (at < 0) return Outcome<RankedField>.Failure($"excluded candidate '{name}' is not a candidate (candidates: {string.Join(", ", names)})");
            excluded[at] = true;
        }
        var writeIn = rules.UndeclaredWriteIn is { } label ? IndexOf(names, label.Trim()) : -1;
        if (writeIn >= 0 && excludeWriteIn) excluded[writeIn] = true;
        if (writeIn >= 0 && excluded[writeIn]) writeIn = -1;
        return new RankedField(names, excluded, writeIn, BallotGroups.Group(election.Ballots));
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    /// <summary>The rules a ranked count applied that this field carries, for the result's <c>rules</c>.</summary>
    public IEnumerable<KeyValuePair<string, string>> RulesUsed(TallyRules rules)
    {
        if (rules.UndeclaredWriteIn is { } label) yield return new("undeclaredWriteIn", label);
        if (ExcludedNames.Count > 0) yield return new("excluded", string.Join(", ", ExcludedNames));
        if (rules.StopAfterRound is { } n) yield return new("stopAfterRound", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
