namespace Kiosk.Voting.Tally;

/// <summary>
/// Instant-runoff voting. Each round every continuing candidate's tally is the weight of the ballots that count for them;
/// a candidate with more than half of the continuing votes (recomputed each round unless the first round's threshold is kept)
/// wins, and when two candidates remain the one with more votes wins in that round (an exact tie goes to the tie-break);
/// otherwise the lowest candidate is eliminated (or, with batch elimination, every candidate who cannot win) and their
/// ballots move to their next continuing choice under the overvote, skipped-rank and duplicate rules. An undeclared write-in
/// holding votes is eliminated first, alone, and nobody is elected in that round. Rule options: docs/tally-format.md.
/// </summary>
public static class InstantRunoff
{
    /// <summary>Counts an election by IRV.</summary>
    public static Outcome<TallyResult> Count(RankedElection election, TallyRules rules)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(rules);
        if ((election.Validate() ?? rules.Validate()) is { } error) return error;
        var field = RankedField.Create(election, rules);
        if (!field.Ok) return field.Error!;
        var f = field.Value!;

        var names = election.Candidates;
        var n = names.Count;
        var groups = f.Groups;
        var walker = new RankWalker(rules);
        var continuing = f.Continuing();

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

        var tie = new TieBreaker(rules.TieBreak, rules.Seed, names, election.TieOrder);
        var history = new List<decimal[]>();
        var rounds = new List<TallyRound>();
        var winner = -1;
        decimal? firstThreshold = null;
        decimal? frozenThreshold = null;
        while (true)
        {
            var notes = new List<string>();
            var alive = Enumerable.Range(0, n).Where(c => continuing[c]).ToList();
            // The write-in is never a contender: it cannot win, and while it holds no votes it takes no part in the round.
            var contenders = alive.Where(c => !f.IsWriteIn(c)).ToList();
            var continuingVotes = alive.Sum(c => tallies[c]);
            var threshold = frozenThreshold ?? (rules.FirstRoundThreshold && firstThreshold is { } t1 ? t1 : continuingVotes / 2);
            firstThreshold ??= threshold;
            var tally = f.Tally(tallies);
            var inactiveNow = inactive.Snapshot();
            var elected = -1;
            var eliminated = new List<int>();
            var finished = false;

            if (f.WriteIn >= 0 && continuing[f.WriteIn] && tallies[f.WriteIn] > 0)
            {
                eliminated.Add(f.WriteIn);
                notes.Add($"{names[f.WriteIn]} (undeclared write-ins) holds {tallies[f.WriteIn]} votes: eliminated first" + (winner < 0 ? "; nobody can be elected while it holds votes" : ""));
            }
            else if (winner < 0)
            {
                if (contenders.Count == 0)
                {
                    notes.Add("no continuing candidates: no winner");
                    finished = true;
                }
                else
                {
                    var top = contenders.Max(c => tallies[c]);
                    if (contenders.Count <= 2 || top > threshold)
                    {
                        elected = tie.Highest(contenders.Where(c => tallies[c] == top).ToList(), history, notes);
                        if (contenders.Count == 1) notes.Add($"{names[elected]} is the only continuing candidate");
                        else if (contenders.Count == 2) notes.Add($"two candidates remain: {names[elected]} wins with {top} votes");
                        winner = elected;
                        if (rules.ContinueUntilTwoRemain && contenders.Count > 2)
                        {
                            frozenThreshold = threshold;
                            notes.Add($"the count continues until two candidates remain; the threshold stays at {threshold}");
                        }
                        else
                        {
                            finished = true;
                        }
                    }
                    else
                    {
                        eliminated = ChooseEliminated(contenders, tallies, rules.BatchElimination, tie, history, notes);
                    }
                }
            }
            else if (contenders.Count <= 2)
            {
                notes.Add("two candidates remain: the count is complete");
                finished = true;
            }
            else
            {
                eliminated = ChooseEliminated(contenders.Where(c => c != winner).ToList(), tallies, rules.BatchElimination, tie, history, notes);
            }

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
            foreach (var from in eliminated) tallies[from] = 0;
            foreach (var t in transfers)
            {
                foreach (var to in t.To)
                {
                    if (to.Name != TransferFrom.Exhausted) tallies[IndexOf(names, to.Name)] += to.Value;
                }
            }
            var stopped = !finished && rules.StopAfterRound is { } last && rounds.Count + 1 >= last;
            if (stopped) notes.Add($"the count stops after round {rounds.Count + 1}, as the rules ask" + (winner < 0 ? ": no winner" : ""));
            rounds.Add(new TallyRound
            {
                Round = rounds.Count + 1,
                Threshold = threshold,
                Tally = tally,
                Elected = elected >= 0 ? [names[elected]] : [],
                Eliminated = eliminated.Select(c => names[c]).ToArray(),
                Transfers = transfers,
                Inactive = inactiveNow,
                Notes = notes,
            });
            if (finished || stopped) break;
        }

        return new TallyResult
        {
            Method = TallyMethod.Irv,
            Candidates = f.Shown,
            Excluded = f.ExcludedNames,
            Winners = winner >= 0 ? [names[winner]] : [],
            Rounds = rounds,
            TotalVotes = f.Total,
            Undervotes = f.Groups.Blank,
            Title = election.Title,
            Seed = rules.TieBreak == TieBreakRule.Random ? rules.Seed : null,
            RulesUsed =
            [
                .. RankedRulesUsed(rules, includeBatch: true),
                new("continueUntilTwoRemain", rules.ContinueUntilTwoRemain ? "on" : "off"),
                new("firstRoundThreshold", rules.FirstRoundThreshold ? "on" : "off"),
                .. f.RulesUsed(rules),
            ],
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
