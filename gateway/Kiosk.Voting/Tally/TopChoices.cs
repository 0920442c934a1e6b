namespace Kiosk.Voting.Tally;

/// <summary>
/// Approval and plurality: each option's tally is the weight of the ballots choosing it; the top n (seats) win.
/// A plurality ballot choosing more than one option is an overvote and counts for none; a ballot choosing nothing is blank.
/// Ties at the last seat are broken by the tie-break rule and reported.
/// </summary>
public static class TopChoices
{
    /// <summary>Counts approval ballots.</summary>
    public static Outcome<TallyResult> Approval(ChoiceElection election, TallyRules rules) => Count(election, rules, TallyMethod.Approval);

    /// <summary>Counts plurality ballots.</summary>
    public static Outcome<TallyResult> Plurality(ChoiceElection election, TallyRules rules) => Count(election, rules, TallyMethod.Plurality);

    private static Outcome<TallyResult> Count(ChoiceElection election, TallyRules rules, TallyMethod method)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(rules);
        if ((election.Validate() ?? rules.Validate()) is { } error) return error;
        var names = election.Options;
        var n = names.Count;
        if (rules.Seats > n) return new TallyError($"cannot fill {rules.Seats} seat(s) from {n} option(s)");
        var tallies = new decimal[n];
        var overvotes = 0m;
        var blank = 0m;
        foreach (var b in election.Ballots)
        {
            var chosen = b.Choices.Distinct().ToArray();
            if (chosen.Length == 0) { blank += b.Weight; continue; }
            if (method == TallyMethod.Plurality && chosen.Length > 1) { overvotes += b.Weight; continue; }
            foreach (var c in chosen) tallies[c] += b.Weight;
        }
        var notes = new List<string>();
        var tie = new TieBreaker(rules.TieBreak, rules.Seed, names);
        var winners = new List<int>();
        var left = Enumerable.Range(0, n).ToList();
        while (winners.Count < rules.Seats)
        {
            var top = left.Max(c => tallies[c]);
            var pick = tie.Highest(left.Where(c => tallies[c] == top).ToList(), [], notes);
            winners.Add(pick);
            left.Remove(pick);
        }
        var ranking = Enumerable.Range(0, n).GroupBy(c => tallies[c]).OrderByDescending(g => g.Key)
            .Select(g => (IReadOnlyList<string>)g.OrderBy(c => c).Select(c => names[c]).ToArray()).ToArray();
        if (overvotes > 0) notes.Add($"{overvotes} vote(s) chose more than one option and count for none (overvotes)");
        if (blank > 0) notes.Add($"{blank} vote(s) were blank");
        return new TallyResult
        {
            Method = method,
            Candidates = names,
            Seats = rules.Seats,
            Winners = winners.Select(c => names[c]).ToArray(),
            Rounds =
            [
                new TallyRound
                {
                    Round = 1,
                    Tally = names.Select((name, c) => new NamedValue(name, tallies[c])).ToArray(),
                    Elected = winners.Select(c => names[c]).ToArray(),
                    Inactive = method == TallyMethod.Plurality ? new InactiveCounts(overvotes, 0, blank, 0) : null,
                    Notes = notes,
                },
            ],
            Ranking = ranking,
            TotalVotes = election.Ballots.Sum(b => b.Weight),
            Seed = rules.TieBreak == TieBreakRule.Random ? rules.Seed : null,
            RulesUsed = [new("seats", rules.Seats.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("tieBreak", TallyRules.Name(rules.TieBreak))],
        };
    }
}
