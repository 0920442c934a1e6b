namespace Kiosk.Voting.Tally;

/// <summary>
/// Single transferable vote by Meek's method, as specified by the PR Foundation's Meek reference rule
/// (Hill, Wichmann &amp; Woodall, "Algorithm 123", 1987, with fixed-point arithmetic):
/// every ballot is distributed from weight 1, each elected candidate keeping weight × keep factor (rounded up) and passing on the rest,
/// hopeful candidates keeping everything; the quota is the votes counted ÷ (seats + 1), truncated, plus one unit;
/// keep factors are updated to kf × quota ÷ votes (each step rounded up) until a candidate reaches the quota or the total surplus
/// falls below omega; then the lowest hopeful candidate is defeated (ties are candidates within the total surplus of the lowest).
/// Precision (decimal places) and omega are rule options.
/// </summary>
public static class MeekStv
{
    private enum Status { Hopeful, Elected, Defeated, Withdrawn }

    /// <summary>Counts an election by Meek STV.</summary>
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
        var status = new Status[n];
        for (var c = 0; c < n; c++)
        {
            if (f.Excluded[c]) status[c] = Status.Withdrawn;
        }
        // The write-in is hopeful (ballots reach it and it keeps what reaches it) but never counts as a candidate who could be elected.
        bool Standing(int c) => status[c] == Status.Hopeful && !f.IsWriteIn(c);
        var eligible = Enumerable.Range(0, n).Count(Standing);
        if (seats < 1 || seats > eligible) return new TallyError($"cannot fill {seats} seat(s) from {eligible} candidate(s)");

        var fp = new FixedPoint(rules.Precision);
        var groups = f.Groups;
        var walker = new RankWalker(rules);
        var kf = status.Select(s => s == Status.Hopeful ? 1m : 0m).ToArray();
        var tie = new TieBreaker(rules.TieBreak, rules.Seed, names, election.TieOrder);
        var history = new List<decimal[]>();
        var rounds = new List<TallyRound>();
        var winners = new List<int>();
        var votes = new decimal[n];
        var previousVotes = (decimal[]?)null;
        var previousExhausted = 0m;
        var total = groups.Weights.Sum();
        string? lastChange = null;
        var stopped = false;

        while (true)
        {
            var hopefulCount = Enumerable.Range(0, n).Count(Standing);
            var seatsLeft = seats - winners.Count;
            if (!(hopefulCount > seatsLeft && seatsLeft > 0)) break;
            if (rules.StopAfterRound is { } last && rounds.Count >= last)
            {
                rounds[^1] = rounds[^1] with { Notes = [.. rounds[^1].Notes, $"the count stops after round {rounds.Count}, as the rules ask"] };
                stopped = true;
                break;
            }

            var paths = Paths(groups, walker, status);
            var notes = new List<string>();
            var newly = new List<int>();
            var lastSurplus = total;
            var iterations = 0;
            // Given values although the loop below always sets them: mutation testing (docs/quality.md) turns `while (true)`
            // into `while (false)`, and without these the mutated method does not compile and none of its mutants are tested.
            var quota = 0m;
            var surplus = 0m;
            var inactive = new InactiveTally();
            var outcome = "";
            while (true)
            {
                iterations++;
                Array.Clear(votes);
                inactive = new InactiveTally();
                foreach (var (path, end, weight) in paths)
                {
                    var w = 1m;
                    foreach (var c in path)
                    {
                        var keep = kf[c] == 1m ? w : fp.MulUp(w, kf[c]);
                        votes[c] += keep * weight;
                        w -= keep;
                        if (w <= 0) break;
                    }
                    if (w > 0) inactive.Add(end, w * weight);
                }
                var counted = 0m;
                for (var c = 0; c < n; c++)
                {
                    if (status[c] is Status.Hopeful or Status.Elected) counted += votes[c];
                }
                quota = fp.DivDown(counted, seats + 1) + fp.Epsilon;
                if (f.WriteIn >= 0 && status[f.WriteIn] == Status.Hopeful && votes[f.WriteIn] > 0)
                {
                    // Nobody is elected while the write-in holds votes: it is defeated first, alone.
                    surplus = 0;
                    outcome = "write-in";
                    break;
                }
                var reached = Enumerable.Range(0, n).Where(c => Standing(c) && votes[c] >= quota).ToList();
                while (reached.Count > 0 && winners.Count < seats)
                {
                    var top = reached.Max(c => votes[c]);
                    var pick = tie.Highest(reached.Where(c => votes[c] == top).ToList(), history, notes);
                    reached.Remove(pick);
                    status[pick] = Status.Elected;
                    winners.Add(pick);
                    newly.Add(pick);
                }
                surplus = 0m;
                for (var c = 0; c < n; c++)
                {
                    if (status[c] == Status.Elected) surplus += votes[c] - quota;
                }
                if (surplus < 0) surplus = 0;
                if (newly.Count > 0) { outcome = "elected"; break; }
                if (surplus < rules.Omega) { outcome = "omega"; break; }
                if (surplus >= lastSurplus) { outcome = "stable"; break; }
                lastSurplus = surplus;
                for (var c = 0; c < n; c++)
                {
                    if (status[c] == Status.Elected) kf[c] = fp.DivUp(fp.MulUp(kf[c], quota), votes[c]);
                }
            }

            var eliminated = new List<int>();
            if (outcome == "write-in")
            {
                notes.Add($"{names[f.WriteIn]} (undeclared write-ins) holds {votes[f.WriteIn]} votes: defeated first; nobody can be elected while it holds votes");
                status[f.WriteIn] = Status.Defeated;
                kf[f.WriteIn] = 0;
                eliminated.Add(f.WriteIn);
            }
            else if (outcome != "elected")
            {
                var hopeful = Enumerable.Range(0, n).Where(Standing).ToList();
                var low = hopeful.Min(c => votes[c]);
                var tied = hopeful.Where(c => votes[c] <= low + surplus).ToList();
                var loser = tie.Lowest(tied, history, notes);
                notes.Add(outcome == "omega"
                    ? $"surplus {surplus} is below omega {rules.Omega}: lowest candidate defeated"
                    : $"surplus {surplus} stopped falling: lowest candidate defeated");
                status[loser] = Status.Defeated;
                kf[loser] = 0;
                eliminated.Add(loser);
            }

            var exhausted = inactive.Total;
            rounds.Add(new TallyRound
            {
                Round = rounds.Count + 1,
                Threshold = quota,
                Tally = f.Tally(votes),
                Elected = newly.Select(c => names[c]).ToArray(),
                Eliminated = eliminated.Select(c => names[c]).ToArray(),
                Transfers = NetChange(lastChange, previousVotes, votes, previousExhausted, exhausted, names),
                Inactive = inactive.Snapshot(),
                Residual = total - votes.Where((_, c) => status[c] is Status.Hopeful or Status.Elected || eliminated.Contains(c)).Sum() - exhausted,
                KeepFactors = Enumerable.Range(0, n).Where(c => status[c] == Status.Elected).Select(c => new NamedValue(names[c], kf[c])).ToArray(),
                Iterations = iterations,
                Notes = notes,
            });
            history.Add((decimal[])votes.Clone());
            previousVotes = (decimal[])votes.Clone();
            previousExhausted = exhausted;
            lastChange = eliminated.Count > 0 ? names[eliminated[0]] : string.Join(" + ", newly.Select(c => names[c]));
            if (eliminated.Count > 0) votes[eliminated[0]] = 0;
        }

        // Count complete: fill any seats left with the remaining hopeful candidates, or defeat them.
        var remaining = stopped ? [] : Enumerable.Range(0, n).Where(Standing).OrderByDescending(c => votes[c]).ThenBy(c => c).ToList();
        if (remaining.Count > 0 && rounds.Count > 0)
        {
            var last = rounds[^1];
            var fill = remaining.Take(seats - winners.Count).ToList();
            winners.AddRange(fill);
            var defeated = remaining.Skip(fill.Count).ToList();
            rounds[^1] = last with
            {
                Elected = [.. last.Elected, .. fill.Select(c => names[c])],
                Eliminated = [.. last.Eliminated, .. defeated.Select(c => names[c])],
                Notes = [.. last.Notes, fill.Count > 0 ? "count complete: remaining hopeful candidates elected" : "count complete: remaining hopeful candidates defeated"],
            };
        }
        else if (remaining.Count > 0)
        {
            winners.AddRange(remaining);
            rounds.Add(new TallyRound
            {
                Round = 1,
                Tally = f.Tally(new decimal[n]),
                Elected = remaining.Select(c => names[c]).ToArray(),
                Notes = ["as many hopeful candidates as seats: all elected"],
            });
        }

        return new TallyResult
        {
            Method = TallyMethod.StvMeek,
            Candidates = f.Shown,
            Excluded = f.ExcludedNames,
            Seats = seats,
            Winners = winners.Select(c => names[c]).ToArray(),
            Rounds = rounds,
            TotalVotes = f.Total,
            Undervotes = f.Groups.Blank,
            Title = election.Title,
            Seed = rules.TieBreak == TieBreakRule.Random ? rules.Seed : null,
            RulesUsed =
            [
                new("precision", rules.Precision.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("omega", rules.Omega.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                .. InstantRunoff.RankedRulesUsed(rules, includeBatch: false),
                .. f.RulesUsed(rules),
            ],
        };
    }

    /// <summary>
    /// Each distinct ballot's path for this round: the non-defeated candidates it reaches, up to and including its first hopeful
    /// candidate (who keeps everything), and why it ends if it reaches none. Paths that agree are merged, since the
    /// distribution works per unit of weight: keep × (w₁ + w₂) = keep × w₁ + keep × w₂ exactly.
    /// </summary>
    private static List<(int[] Path, InactiveReason End, decimal Weight)> Paths(BallotGroups groups, RankWalker walker, Status[] status)
    {
        var n = status.Length;
        var live = status.Select(s => s is Status.Hopeful or Status.Elected).ToArray();
        var merged = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<(int[] Path, InactiveReason End, decimal Weight)>();
        var path = new List<int>();
        var key = new System.Text.StringBuilder();
        for (var g = 0; g < groups.Count; g++)
        {
            path.Clear();
            var marks = groups.Marks[g];
            var seen = new bool[n];
            var start = 0;
            var end = InactiveReason.ExhaustedChoices;
            while (true)
            {
                // A candidate already on the path is no longer "continuing" for this walk, so the walk moves past it.
                var c = walker.Walk(marks, start, live, out var rankStart, out end);
                if (c < 0) break;
                if (!seen[c])
                {
                    seen[c] = true;
                    path.Add(c);
                }
                if (status[c] == Status.Hopeful) break;
                live[c] = false;
                start = RankWalker.NextRank(marks, rankStart);
            }
            foreach (var c in path) live[c] = status[c] is Status.Hopeful or Status.Elected;
            key.Clear();
            foreach (var c in path) key.Append(c).Append(',');
            key.Append(path.Count > 0 && status[path[^1]] == Status.Hopeful ? "h" : ((int)end).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var k = key.ToString();
            if (merged.TryGetValue(k, out var at))
            {
                result[at] = (result[at].Path, result[at].End, result[at].Weight + groups.Weights[g]);
            }
            else
            {
                merged[k] = result.Count;
                result.Add((path.ToArray(), end, groups.Weights[g]));
            }
        }
        return result;
    }

    /// <summary>The net change of every tally since the previous round, attributed to what changed (a defeat or an election).</summary>
    private static IReadOnlyList<TransferFrom> NetChange(string? cause, decimal[]? before, decimal[] after, decimal exhaustedBefore, decimal exhaustedAfter, IReadOnlyList<string> names)
    {
        if (cause is null || before is null) return [];
        var to = new List<NamedValue>();
        for (var c = 0; c < after.Length; c++)
        {
            var delta = after[c] - before[c];
            if (delta != 0 && names[c] != cause) to.Add(new NamedValue(names[c], delta));
        }
        if (exhaustedAfter != exhaustedBefore) to.Add(new NamedValue(TransferFrom.Exhausted, exhaustedAfter - exhaustedBefore));
        return [new TransferFrom(cause, to)];
    }
}
