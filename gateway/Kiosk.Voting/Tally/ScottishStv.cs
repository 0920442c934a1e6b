namespace Kiosk.Voting.Tally;

/// <summary>
/// Single transferable vote under the rules of the Scottish Local Government Elections Order 2007 (rules 45–52):
/// Droop quota (valid votes ÷ (seats + 1), fraction ignored, plus 1); surpluses transferred largest first, one per stage,
/// by the weighted inclusive Gregory method, each paper's new value being its value × surplus ÷ the candidate's total,
/// truncated to 5 decimal places; exclusion of the lowest candidate, whose papers move at their current values; candidates
/// already elected receive no further papers; when the continuing candidates are as many as the seats left, they are elected.
/// </summary>
public static class ScottishStv
{
    /// <summary>Decimal places the Scottish rules keep (rule 48: "calculated to five decimal places, any remainder being ignored").</summary>
    public const int DecimalPlaces = 5;

    private sealed class Parcel(int group, int rankStart, decimal value)
    {
        public int Group { get; } = group;
        public int RankStart { get; set; } = rankStart;
        public decimal Value { get; set; } = value;
    }

    /// <summary>Counts an election by Scottish STV.</summary>
    public static Outcome<TallyResult> Count(RankedElection election, TallyRules rules)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(rules);
        if ((election.Validate() ?? rules.Validate()) is { } error) return error;
        var seats = election.Seats ?? rules.Seats;
        var field = RankedField.Create(election, rules);
        if (!field.Ok) return field.Error!;
        var f = field.Value!;
        var names = election.Candidates;
        var n = names.Count;
        var standing = Enumerable.Range(0, n).Count(c => !f.Excluded[c] && !f.IsWriteIn(c));
        if (seats < 1 || seats > standing)
            return new TallyError($"cannot fill {seats} seat(s) from {standing} candidate(s)");

        var groups = f.Groups;
        var walker = new RankWalker(rules);
        var hopeful = f.Continuing();
        var piles = new List<Parcel>[n];
        for (var c = 0; c < n; c++) piles[c] = [];
        var tallies = new decimal[n];
        var inactive = new InactiveTally();
        for (var g = 0; g < groups.Count; g++)
        {
            var c = walker.Walk(groups.Marks[g], 0, hopeful, out var start, out var reason);
            if (c >= 0)
            {
                piles[c].Add(new Parcel(g, start, 1m));
                tallies[c] += groups.Weights[g];
            }
            else
            {
                inactive.Add(reason, groups.Weights[g]);
            }
        }
        // Papers that name no valid first preference are rejected, so they are not part of the valid vote the quota comes from.
        var valid = groups.Weights.Sum() - inactive.Total;
        var quota = Math.Floor(valid / (seats + 1)) + 1;

        var elected = new List<int>();
        var excluded = new HashSet<int>();
        var pendingSurplus = new List<int>();
        var tie = new TieBreaker(rules.TieBreak, rules.Seed, names, election.TieOrder);
        var history = new List<decimal[]>();
        var rounds = new List<TallyRound>();
        var residual = 0m;

        while (true)
        {
            var notes = new List<string>();
            var tally = f.Tally(tallies);
            var inactiveNow = inactive.Snapshot();
            var residualNow = residual;
            var newlyElected = new List<int>();
            var stop = rules.StopAfterRound is { } last && rounds.Count + 1 >= last;

            if (f.WriteIn >= 0 && hopeful[f.WriteIn] && tallies[f.WriteIn] > 0)
            {
                // The write-in is excluded first, alone, and nobody is elected while it holds votes.
                var writeIn = f.WriteIn;
                notes.Add($"{names[writeIn]} (undeclared write-ins) holds {tallies[writeIn]} votes: excluded first; nobody can be elected while it holds votes");
                hopeful[writeIn] = false;
                excluded.Add(writeIn);
                var moved = Move(writeIn, parcelValue => parcelValue);
                history.Add(tally.Select(t => t.Value).ToArray());
                tallies[writeIn] = 0;
                rounds.Add(Round([names[writeIn]], [moved]));
                if (stop) { Stopped(); break; }
                continue;
            }

            // Rule 47: candidates reaching the quota are elected, highest first.
            var reached = Enumerable.Range(0, n).Where(c => hopeful[c] && !f.IsWriteIn(c) && tallies[c] >= quota).ToList();
            while (reached.Count > 0 && elected.Count < seats)
            {
                var top = reached.Max(c => tallies[c]);
                var pick = tie.Highest(reached.Where(c => tallies[c] == top).ToList(), history, notes);
                reached.Remove(pick);
                Elect(pick, newlyElected);
            }
            var remaining = Enumerable.Range(0, n).Where(c => hopeful[c] && !f.IsWriteIn(c)).ToList();
            if (elected.Count < seats && remaining.Count <= seats - elected.Count)
            {
                // Rule 52: as many continuing candidates as vacancies left — they are all elected.
                foreach (var c in remaining.OrderByDescending(c => tallies[c]).ThenBy(c => c)) Elect(c, newlyElected);
                notes.Add("the continuing candidates are as many as the seats left: all are elected");
            }
            if (elected.Count >= seats)
            {
                rounds.Add(Round(null, []));
                break;
            }

            var transfers = new List<TransferFrom>();
            var eliminated = new List<string>();
            if (pendingSurplus.Count > 0)
            {
                // Rule 48: the largest surplus first; equal surpluses by the earlier stages, then the tie-break.
                var top = pendingSurplus.Max(c => tallies[c]);
                var from = tie.Highest(pendingSurplus.Where(c => tallies[c] == top).ToList(), history, notes);
                pendingSurplus.Remove(from);
                var total = tallies[from];
                var surplus = total - quota;
                notes.Add($"surplus of {names[from]} ({surplus}) transferred at {total} votes");
                transfers.Add(Move(from, parcelValue => Truncate(parcelValue * surplus / total)));
                residual += surplus - transfers[0].To.Sum(t => t.Value);
                history.Add(tally.Select(t => t.Value).ToArray());
                tallies[from] = quota;
                rounds.Add(Round(null, transfers));
                if (stop) { Stopped(); break; }
                continue;
            }

            // Rules 50–51: exclude the lowest continuing candidate; ties by earlier stages, then the tie-break.
            var low = remaining.Min(c => tallies[c]);
            var loser = tie.Lowest(remaining.Where(c => tallies[c] == low).ToList(), history, notes);
            hopeful[loser] = false;
            excluded.Add(loser);
            eliminated.Add(names[loser]);
            transfers.Add(Move(loser, parcelValue => parcelValue));
            history.Add(tally.Select(t => t.Value).ToArray());
            tallies[loser] = 0;
            rounds.Add(Round(eliminated, transfers));
            if (stop) { Stopped(); break; }

            void Stopped() => rounds[^1] = rounds[^1] with { Notes = [.. rounds[^1].Notes, $"the count stops after round {rounds.Count}, as the rules ask"] };

            TallyRound Round(IReadOnlyList<string>? out_, List<TransferFrom> moved) => new()
            {
                Round = rounds.Count + 1,
                Threshold = quota,
                Tally = tally,
                Elected = newlyElected.Select(c => names[c]).ToArray(),
                Eliminated = out_ ?? [],
                Transfers = moved,
                Inactive = inactiveNow,
                Residual = residualNow,
                Notes = notes,
            };
        }

        return new TallyResult
        {
            Method = TallyMethod.StvScottish,
            Candidates = f.Shown,
            Excluded = f.ExcludedNames,
            Seats = seats,
            Winners = elected.Select(c => names[c]).ToArray(),
            Rounds = rounds,
            TotalVotes = f.Total,
            Undervotes = f.Groups.Blank,
            Title = election.Title,
            Seed = rules.TieBreak == TieBreakRule.Random ? rules.Seed : null,
            RulesUsed = [new("quota", "droop (floor(valid / (seats + 1)) + 1)"), new("transferValues", "weighted inclusive gregory, truncated to 5 decimals"), .. InstantRunoff.RankedRulesUsed(rules, includeBatch: false), .. f.RulesUsed(rules)],
        };

        void Elect(int c, List<int> newly)
        {
            hopeful[c] = false;
            elected.Add(c);
            newly.Add(c);
            if (tallies[c] > quota) pendingSurplus.Add(c);
        }

        TransferFrom Move(int from, Func<decimal, decimal> newValue)
        {
            var moved = new decimal[n];
            var exhausted = 0m;
            foreach (var parcel in piles[from])
            {
                var weight = groups.Weights[parcel.Group];
                var value = newValue(parcel.Value);
                var marks = groups.Marks[parcel.Group];
                var c = walker.Walk(marks, RankWalker.NextRank(marks, parcel.RankStart), hopeful, out var start, out var reason);
                var votes = weight * value;
                if (c >= 0)
                {
                    parcel.RankStart = start;
                    parcel.Value = value;
                    piles[c].Add(parcel);
                    moved[c] += votes;
                    tallies[c] += votes;
                }
                else
                {
                    inactive.Add(reason, votes);
                    exhausted += votes;
                }
            }
            piles[from].Clear();
            return InstantRunoff.Transfers(names, from, moved, exhausted);
        }
    }

    /// <summary>Truncates to the 5 decimal places the Scottish rules keep (towards zero, remainder ignored).</summary>
    public static decimal Truncate(decimal value) => Math.Round(value, DecimalPlaces, MidpointRounding.ToZero);
}
