namespace Kiosk.Voting.Tally;

/// <summary>
/// Schulze's method (M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and Condorcet-consistent single-winner
/// election method", Social Choice and Welfare 36, 2011) with winning-votes strength. Ballots may rank candidates equally
/// (<c>A|B</c> in one rank is an equal ranking here, not an overvote); ranked candidates are preferred to unranked ones,
/// unranked candidates are equal; a repeated candidate counts at their highest rank; skipped ranks are ignored.
/// The ranking is built in tiers: each tier is the candidates no remaining candidate beats by strongest path.
/// </summary>
public static class Schulze
{
    /// <summary>
    /// The most candidates counted. The strongest paths take time in the cube of the candidates: 500 take a few seconds
    /// here, 5,000 would take hours; no real election ranks that many, so a larger field is refused with this number.
    /// </summary>
    public const int MaxCandidates = 500;

    /// <summary>Counts an election by the Schulze method.</summary>
    public static Outcome<TallyResult> Count(RankedElection election, TallyRules rules)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(rules);
        if ((election.Validate() ?? rules.Validate()) is { } error) return error;
        // Candidates who take no part (withdrawn, excluded, and the write-in, which can never win) are taken off the ballots:
        // in a pairwise count that changes no comparison between the others.
        var field = RankedField.Create(election, rules, excludeWriteIn: true);
        if (!field.Ok) return field.Error!;
        var f = field.Value!;
        var groups = Project(f);
        var names = f.Shown;
        var n = names.Count;
        if (n > MaxCandidates)
            return Outcome<TallyResult>.Failure($"Schulze counts at most {MaxCandidates:N0} candidates; this election has {n:N0} (the count grows with the cube of the candidates)");
        var active = Enumerable.Range(0, n).ToArray();
        var d = Pairwise(groups, n);

        var p = new decimal[n, n];
        foreach (var i in active)
        {
            foreach (var j in active)
            {
                if (i != j) p[i, j] = d[i, j] > d[j, i] ? d[i, j] : 0;
            }
        }
        foreach (var i in active)
        {
            foreach (var j in active)
            {
                if (i == j) continue;
                foreach (var k in active)
                {
                    if (i != k && j != k) p[j, k] = Math.Max(p[j, k], Math.Min(p[j, i], p[i, k]));
                }
            }
        }

        var tiers = new List<IReadOnlyList<string>>();
        var left = active.ToList();
        while (left.Count > 0)
        {
            var top = left.Where(x => !left.Any(y => y != x && p[y, x] > p[x, y])).ToList();
            if (top.Count == 0) top = left.ToList();
            tiers.Add(top.Select(c => names[c]).ToArray());
            left.RemoveAll(top.Contains);
        }

        var notes = new List<string>();
        var first = active.Where(x => !active.Any(y => y != x && p[y, x] > p[x, y])).ToList();
        // A [tie] order of the file, renumbered like the candidates taking part.
        var shownIndex = Enumerable.Range(0, f.Names.Count).Where(c => !f.Excluded[c]).ToList();
        var lotOrder = election.TieOrder?.Where(c => !f.Excluded[c]).Select(c => shownIndex.IndexOf(c)).ToArray();
        var tie = new TieBreaker(rules.TieBreak, rules.Seed, names, lotOrder);
        var winner = first.Count > 0 ? tie.Highest(first, [], notes) : -1;
        if (first.Count > 1) notes.Insert(0, $"{first.Count} potential winners: {string.Join(", ", first.Select(c => names[c]))}");
        var beats = names.Select((name, x) => new NamedValue(name, active.Count(y => y != x && p[x, y] > p[y, x]))).ToArray();
        var round = new TallyRound
        {
            Round = 1,
            Tally = beats,
            Elected = winner >= 0 ? [names[winner]] : [],
            Notes = ["tally: how many candidates each one beats by strongest path", .. notes],
        };
        return new TallyResult
        {
            Method = TallyMethod.Schulze,
            Candidates = names,
            Excluded = f.ExcludedNames,
            Winners = winner >= 0 ? [names[winner]] : [],
            Rounds = [round],
            Ranking = tiers,
            TotalVotes = f.Total,
            Undervotes = f.Groups.Blank,
            Schulze = new SchulzeMatrices(d, p),
            Title = election.Title,
            Seed = rules.TieBreak == TieBreakRule.Random ? rules.Seed : null,
            RulesUsed = [new("strength", "winning votes"), new("tieBreak", TallyRules.Name(rules.TieBreak)), .. f.RulesUsed(rules)],
        };
    }

    /// <summary>The field's rankings with the candidates who take no part removed and the others renumbered in shown order.</summary>
    private static BallotGroups Project(RankedField f)
    {
        if (f.ExcludedNames.Count == 0) return f.Groups;
        var map = new int[f.Names.Count];
        var next = 0;
        for (var c = 0; c < map.Length; c++) map[c] = f.Excluded[c] ? -2 : next++;
        var ballots = new RankedBallot[f.Groups.Count];
        for (var g = 0; g < ballots.Length; g++)
        {
            var marks = f.Groups.Marks[g].Where(m => m == RankedBallot.Separator || map[m] >= 0).Select(m => m == RankedBallot.Separator ? m : map[m]).ToArray();
            ballots[g] = new RankedBallot(marks, f.Groups.Weights[g]);
        }
        return BallotGroups.Group(ballots);
    }

    /// <summary>d[x, y]: the weight of ballots ranking x strictly above y. Whole weights are summed as integers for speed.</summary>
    private static decimal[,] Pairwise(BallotGroups groups, int n)
    {
        var whole = groups.Weights.All(w => w == decimal.Truncate(w) && w <= long.MaxValue / Math.Max(1, groups.Count));
        var dl = new long[n * n];
        var dd = new decimal[n * n];
        var position = new int[n];
        for (var g = 0; g < groups.Count; g++)
        {
            var weight = groups.Weights[g];
            if (weight == 0) continue;
            Array.Fill(position, int.MaxValue);
            var rank = 0;
            foreach (var m in groups.Marks[g])
            {
                if (m == RankedBallot.Separator) rank++;
                else if (position[m] == int.MaxValue) position[m] = rank;
            }
            var w = whole ? (long)weight : 0L;
            for (var i = 0; i < n; i++)
            {
                var pi = position[i];
                if (pi == int.MaxValue) continue;
                var row = i * n;
                for (var j = 0; j < n; j++)
                {
                    if (pi < position[j])
                    {
                        if (whole) dl[row + j] += w;
                        else dd[row + j] += weight;
                    }
                }
            }
        }
        var d = new decimal[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) d[i, j] = whole ? dl[i * n + j] : dd[i * n + j];
        }
        return d;
    }
}
