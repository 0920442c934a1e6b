namespace Kiosk.Voting.Tally;

/// <summary>
/// Instant-runoff voting. Each round every continuing candidate's tally is the weight of the ballots that count for them;
/// a candidate with more than half of the continuing votes (recomputed each round, so inactive ballots do not count) wins;
/// otherwise the lowest candidate is eliminated (or, with batch elimination, every candidate who cannot win) and their
/// ballots move to their next continuing choice under the overvote, skipped-rank and duplicate rules.
/// </summary>
public static class InstantRunoff
{
    /// <summary>Counts an election by IRV.</summary>
    public static Outcome<TallyResult> Count(RankedElection election, TallyRules rules)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(rules);
        if ((election.Validate() ?? rules.Validate()) is { } error) return error;

        var names = election.Candidates;
        var n = names.Count;
        var groups = BallotGroups.Group(election.Ballots);
        var walker = new RankWalker(rules);
        var continuing = Enumerable.Repeat(true, n).ToArray();
        foreach (var w in election.Withdrawn ?? []) continuing[w] = false;

        var piles = new List<int>[n];
        for (var c = 0; c < n; c++) piles[c] = [];
        var rankStart = new int[groups.Count];
        var tallies = new decimal[n];
        var inactive = new InactiveTally();
        for (var g = 0; g < groups.Count; g++)
        {
            var c = walker.Walk(groups.Marks[g], 0, continuing, out rankStart[g], out var reason);
            if (c >= 0)
            {
                piles[c].Add(g);
                tallies[c] += groups.Weights[g];
            }
            else
            {
                inactive.Add(reason, groups.Weights[g]);
            }
        }
        var total = groups.Weights.Sum();

        var tie = new TieBreaker(rules.TieBreak, rules.Seed, names);
        var history = new List<decimal[]>();
        var rounds = new List<TallyRound>();
        var winners = new List<string>();
        while (true)
        {
            var notes = new List<string>();
            var alive = Enumerable.Range(0, n).Where(c => continuing[c]).ToList();
            var continuingVotes = alive.Sum(c => tallies[c]);
            var threshold = continuingVotes / 2;
            var tally = names.Select((name, c) => new NamedValue(name, tallies[c])).ToArray();
            var inactiveNow = inactive.Snapshot();

            if (alive.Count == 0)
            {
                rounds.Add(new TallyRound { Round = rounds.Count + 1, Threshold = threshold, Tally = tally, Inactive = inactiveNow, Notes = ["no continuing candidates: no winner"] });
                break;
            }
            var top = alive.Max(c => tallies[c]);
            if (top > threshold || alive.Count == 1)
            {
                var leaders = alive.Where(c => tallies[c] == top).ToList();
                var winner = tie.Highest(leaders, history, notes);
                if (alive.Count == 1) notes.Add($"{names[winner]} is the only continuing candidate");
                winners.Add(names[winner]);
                rounds.Add(new TallyRound { Round = rounds.Count + 1, Threshold = threshold, Tally = tally, Elected = [names[winner]], Inactive = inactiveNow, Notes = notes });
                break;
            }

            var eliminated = ChooseEliminated(alive, tallies, rules.BatchElimination, tie, history, notes);
            foreach (var c in eliminated) continuing[c] = false;
            var transfers = new List<TransferFrom>();
            foreach (var from in eliminated)
            {
                var moved = new decimal[n];
                var exhausted = 0m;
                foreach (var g in piles[from])
                {
                    var marks = groups.Marks[g];
                    var c = walker.Walk(marks, RankWalker.NextRank(marks, rankStart[g]), continuing, out rankStart[g], out var reason);
                    var weight = groups.Weights[g];
                    if (c >= 0)
                    {
                        piles[c].Add(g);
                        moved[c] += weight;
                    }
                    else
                    {
                        inactive.Add(reason, weight);
                        exhausted += weight;
                    }
                }
                piles[from].Clear();
                transfers.Add(Transfers(names, from, moved, exhausted));
            }
            history.Add((decimal[])tallies.Clone());
            foreach (var t in transfers)
            {
                tallies[IndexOf(names, t.From)] = 0;
                foreach (var to in t.To)
                {
                    if (to.Name != TransferFrom.Exhausted) tallies[IndexOf(names, to.Name)] += to.Value;
                }
            }
            rounds.Add(new TallyRound
            {
                Round = rounds.Count + 1,
                Threshold = threshold,
                Tally = tally,
                Eliminated = eliminated.Select(c => names[c]).ToArray(),
                Transfers = transfers,
                Inactive = inactiveNow,
                Notes = notes,
            });
        }

        return new TallyResult
        {
            Method = TallyMethod.Irv,
            Candidates = names,
            Winners = winners,
            Rounds = rounds,
            TotalVotes = total,
            Title = election.Title,
            Seed = rules.TieBreak == TieBreakRule.Random ? rules.Seed : null,
            RulesUsed = RankedRulesUsed(rules, includeBatch: true),
        };
    }

    /// <summary>The rules a ranked method applied, for the result.</summary>
    internal static KeyValuePair<string, string>[] RankedRulesUsed(TallyRules rules, bool includeBatch)
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new("overvote", TallyRules.Name(rules.Overvote)),
            new("maxSkippedRanks", rules.MaxSkippedRanks?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited"),
            new("duplicate", TallyRules.Name(rules.Duplicate)),
            new("tieBreak", TallyRules.Name(rules.TieBreak)),
        };
        if (includeBatch) list.Add(new("batchElimination", rules.BatchElimination ? "on" : "off"));
        return list.ToArray();
    }

    /// <summary>Builds a transfer record in candidate order, with exhausted votes last.</summary>
    internal static TransferFrom Transfers(IReadOnlyList<string> names, int from, decimal[] moved, decimal exhausted)
    {
        var to = new List<NamedValue>();
        for (var c = 0; c < moved.Length; c++)
        {
            if (moved[c] != 0) to.Add(new NamedValue(names[c], moved[c]));
        }
        if (exhausted != 0) to.Add(new NamedValue(TransferFrom.Exhausted, exhausted));
        return new TransferFrom(names[from], to);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name) return i;
        }
        throw new InvalidOperationException($"unknown candidate {name}");
    }

    private static List<int> ChooseEliminated(List<int> alive, decimal[] tallies, bool batch, TieBreaker tie, List<decimal[]> history, List<string> notes)
    {
        var ordered = alive.OrderBy(c => tallies[c]).ThenBy(c => c).ToList();
        if (batch)
        {
            // The lowest k candidates can be eliminated together when even all their votes combined
            // could not lift the last of them above the next candidate; take the largest such k.
            var best = 0;
            var sum = 0m;
            for (var k = 1; k < ordered.Count; k++)
            {
                sum += tallies[ordered[k - 1]];
                if (sum < tallies[ordered[k]]) best = k;
            }
            if (best >= 2)
            {
                notes.Add($"batch elimination of {best} candidates whose combined votes ({ordered.Take(best).Sum(c => tallies[c])}) are fewer than the next candidate's");
                return ordered.Take(best).ToList();
            }
        }
        var low = tallies[ordered[0]];
        var lowest = ordered.Where(c => tallies[c] == low).ToList();
        return [tie.Lowest(lowest, history, notes)];
    }
}
