using CsCheck;
using Kiosk.Voting.Tally;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>Invariants every count must keep, checked on random elections with CsCheck.</summary>
public sealed class TallyPropertyTests
{
    private const int Iterations = 250;

    /// <summary>A random ranked election: 2–5 candidates, 1–25 ballots, each a random prefix of a random order, weight 1–3.</summary>
    private static readonly Gen<RankedElection> s_election =
        Gen.Int[2, 5].SelectMany(n =>
            Gen.Select(Gen.Int[0, 1000].Array[n], Gen.Int[1, n], Gen.Int[1, 3], (keys, length, weight) =>
                    RankedBallot.Ordered(weight, Enumerable.Range(0, n).OrderBy(c => keys[c]).ThenBy(c => c).Take(length).ToArray()))
                .Array[1, 25]
                .Select(ballots => new RankedElection(Enumerable.Range(0, n).Select(c => ((char)('A' + c)).ToString()).ToArray(), ballots)));

    private static readonly TallyRules s_rules = TallyRules.Default with { TieBreak = TieBreakRule.CandidateOrder };

    private static TallyResult Ok(Outcome<TallyResult> o) => TallyTestData.Ok(o);

    [Fact]
    public void Results_do_not_depend_on_ballot_order()
    {
        s_election.Sample(e =>
        {
            var reversed = e with { Ballots = e.Ballots.Reverse().ToArray() };
            var rotated = e with { Ballots = e.Ballots.Skip(1).Append(e.Ballots[0]).ToArray() };
            foreach (var method in new[] { TallyMethod.Irv, TallyMethod.StvScottish, TallyMethod.StvMeek, TallyMethod.Schulze })
            {
                var seats = method is TallyMethod.StvScottish or TallyMethod.StvMeek ? Math.Min(2, e.Candidates.Count) : 1;
                var rules = s_rules with { Seats = seats };
                var a = TallyJson.Write(Ok(Kiosk.Voting.Tally.Tally.Count(method, e, rules)));
                Assert.Equal(a, TallyJson.Write(Ok(Kiosk.Voting.Tally.Tally.Count(method, reversed, rules))));
                Assert.Equal(a, TallyJson.Write(Ok(Kiosk.Voting.Tally.Tally.Count(method, rotated, rules))));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Irv_on_two_candidates_elects_the_majority()
    {
        s_election.Where(e => e.Candidates.Count == 2).Sample(e =>
        {
            var firsts = new decimal[2];
            foreach (var b in e.Ballots) firsts[b.Marks[0]] += b.Weight;
            var r = Ok(InstantRunoff.Count(e, s_rules));
            if (firsts[0] != firsts[1]) Assert.Equal(firsts[0] > firsts[1] ? "A" : "B", r.Winners.Single());
            else Assert.Equal("A", r.Winners.Single());
        }, iter: Iterations);
    }

    [Fact]
    public void Schulze_elects_the_Condorcet_winner_whenever_there_is_one()
    {
        s_election.Sample(e =>
        {
            var n = e.Candidates.Count;
            var d = new decimal[n, n];
            foreach (var b in e.Ballots)
            {
                var ranked = b.Marks.Where(m => m != RankedBallot.Separator).ToList();
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        var pi = ranked.IndexOf(i);
                        var pj = ranked.IndexOf(j);
                        if (i != j && pi >= 0 && (pj < 0 || pi < pj)) d[i, j] += b.Weight;
                    }
                }
            }
            var condorcet = Enumerable.Range(0, n).Where(x => Enumerable.Range(0, n).All(y => y == x || d[x, y] > d[y, x])).ToList();
            if (condorcet.Count == 1) Assert.Equal(e.Candidates[condorcet[0]], Ok(Schulze.Count(e, s_rules)).Winners.Single());
        }, iter: Iterations);
    }

    [Fact]
    public void Stv_with_one_seat_elects_the_irv_winner()
    {
        s_election.Sample(e =>
        {
            var irv = Ok(InstantRunoff.Count(e, s_rules)).Winners;
            Assert.Equal(irv, Ok(ScottishStv.Count(e, s_rules)).Winners);
            Assert.Equal(irv, Ok(MeekStv.Count(e, s_rules)).Winners);
        }, iter: Iterations);
    }

    [Fact]
    public void A_weight_of_k_counts_as_k_copies()
    {
        s_election.Sample(e =>
        {
            var copies = e with { Ballots = e.Ballots.SelectMany(b => Enumerable.Repeat(b with { Weight = 1 }, (int)b.Weight)).ToArray() };
            foreach (var method in new[] { TallyMethod.Irv, TallyMethod.StvScottish, TallyMethod.StvMeek, TallyMethod.Schulze })
            {
                var rules = s_rules with { Seats = method is TallyMethod.StvScottish or TallyMethod.StvMeek ? Math.Min(2, e.Candidates.Count) : 1 };
                Assert.Equal(
                    TallyJson.Write(Ok(Kiosk.Voting.Tally.Tally.Count(method, e, rules))),
                    TallyJson.Write(Ok(Kiosk.Voting.Tally.Tally.Count(method, copies, rules))));
            }
        }, iter: Iterations);
    }

    /// <summary>
    /// A random ranked ballot file as rows of cells: 2–5 candidates, 1–30 rows, each rank empty (skipped), one candidate, or
    /// (in CSV) two (an overvote); some rows blank; weight 1–3. Rendered as CSV or BLT by <see cref="Csv"/> and <see cref="Blt"/>.
    /// </summary>
    private static readonly Gen<(int Candidates, (int[][] Ranks, int Weight)[] Rows)> s_file =
        Gen.Int[2, 5].SelectMany(n =>
            Gen.Select(
                    Gen.Int[-1, n - 1].Array[1, 2].Array[0, 4],
                    Gen.Int[1, 3],
                    (ranks, weight) => (ranks.Select(r => r.Where(c => c >= 0).Distinct().ToArray()).ToArray(), weight))
                .Array[1, 30]
                .Select(rows => (n, rows)));

    private static string Name(int c) => ((char)('A' + c)).ToString();

    private static string Csv(int ranks, IEnumerable<(int[][] Ranks, int Weight)> rows) =>
        string.Join(",", Enumerable.Range(1, ranks).Select(r => $"rank{r}")) + ",weight\n"
        + string.Concat(rows.Select(row =>
            string.Join(",", Enumerable.Range(0, ranks).Select(r => r < row.Ranks.Length ? string.Join("|", row.Ranks[r].Select(Name)) : ""))
            + "," + row.Weight + "\n"));

    // BLT reads one candidate per rank for IRV and STV, so a rank holding two keeps the first.
    private static string Blt(int n, int seats, IEnumerable<(int[][] Ranks, int Weight)> rows) =>
        $"{n} {seats}\n"
        + string.Concat(rows.Select(row =>
            row.Weight + " " + string.Concat(row.Ranks.Select(r => (r.Length == 0 ? "-" : (r[0] + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) + " ")) + "0\n"))
        + "0\n" + string.Concat(Enumerable.Range(0, n).Select(c => $"\"{Name(c)}\"\n")) + "\"Random\"\n";

    private static string CountFile(TallyMethod method, string text, string file, bool group)
    {
        var seats = method is TallyMethod.StvScottish or TallyMethod.StvMeek ? 2 : 1;
        var rules = s_rules with { Seats = seats, Candidates = null };
        var election = file.EndsWith(".blt", StringComparison.Ordinal)
            ? BltReader.Read(text, equalRanks: false, group: group)
            : RankedCsvReader.Read(text, group: group);
        // A file naming nobody is an error; it must be the same error either way.
        if (!election.Ok) return "read error: " + election.Error;
        var e = election.Value!;
        // Declared order, so that a shuffle cannot change the candidate order that tie-breaks use.
        var order = Enumerable.Range(0, e.Candidates.Count).OrderBy(c => e.Candidates[c], StringComparer.Ordinal).ToArray();
        var renumber = new int[order.Length];
        for (var i = 0; i < order.Length; i++) renumber[order[i]] = i;
        var sorted = e with
        {
            Candidates = order.Select(c => e.Candidates[c]).ToArray(),
            Ballots = e.Ballots.Select(b => b with { Marks = b.Marks.Select(m => m == RankedBallot.Separator ? m : renumber[m]).ToArray() }).ToArray(),
            Seats = Math.Min(seats, e.Candidates.Count),
        };
        var counted = Kiosk.Voting.Tally.Tally.Count(method, sorted, rules);
        return counted.Ok ? TallyJson.Write(counted.Value!) : "error: " + counted.Error!.Message;
    }

    private static readonly TallyMethod[] s_ranked = [TallyMethod.Irv, TallyMethod.StvScottish, TallyMethod.StvMeek, TallyMethod.Schulze];

    [Fact]
    public void Counting_a_shuffled_copy_of_a_file_gives_the_same_result()
    {
        Gen.Select(s_file, Gen.Int).Sample((file, seed) =>
        {
            var (n, rows) = file;
            var shuffled = rows.OrderBy(_ => 0).ToArray();
            new Random(seed).Shuffle(shuffled);
            foreach (var method in s_ranked)
            {
                Assert.Equal(CountFile(method, Csv(4, rows), "f.csv", group: true), CountFile(method, Csv(4, shuffled), "f.csv", group: true));
                if (method == TallyMethod.Schulze) continue;
                var seats = method == TallyMethod.Irv ? 1 : Math.Min(2, n);
                Assert.Equal(CountFile(method, Blt(n, seats, rows), "f.blt", group: true), CountFile(method, Blt(n, seats, shuffled), "f.blt", group: true));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Grouping_identical_rankings_while_reading_changes_no_result()
    {
        s_file.Sample(file =>
        {
            var (n, rows) = file;
            foreach (var method in s_ranked)
            {
                Assert.Equal(CountFile(method, Csv(4, rows), "f.csv", group: false), CountFile(method, Csv(4, rows), "f.csv", group: true));
                if (method == TallyMethod.Schulze) continue;
                var seats = method == TallyMethod.Irv ? 1 : Math.Min(2, n);
                Assert.Equal(CountFile(method, Blt(n, seats, rows), "f.blt", group: false), CountFile(method, Blt(n, seats, rows), "f.blt", group: true));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Reading_keeps_one_entry_per_distinct_ranking_not_per_ballot()
    {
        var rows = string.Concat(Enumerable.Range(0, 30_000).Select(i => (i % 3) switch { 0 => "A,B\n", 1 => "B,\n", _ => "C,A\n" }));
        var grouped = RankedCsvReader.Read("rank1,rank2\n" + rows).Value!;
        Assert.Equal(3, grouped.Ballots.Count);
        Assert.Equal([10_000m, 10_000m, 10_000m], grouped.Ballots.Select(b => b.Weight));
        Assert.Equal(30_000, RankedCsvReader.Read("rank1,rank2\n" + rows, group: false).Value!.Ballots.Count);
        var blt = BltReader.Read("2 1\n" + string.Concat(Enumerable.Repeat("1 1 2 0\n2 2 0\n", 5_000)) + "0\n\"A\"\n\"B\"\n").Value!;
        Assert.Equal(2, blt.Ballots.Count);
    }

    [Fact]
    public void Equal_shares_never_exceeds_the_budget()
    {
        var gen = Gen.Int[1, 8].SelectMany(m =>
            Gen.Select(
                Gen.Int[0, 500].Array[m],
                Gen.Int[1, 1000],
                Gen.Int[0, (1 << m) - 1].Select(Gen.Int[1, 3], (mask, w) => (mask, w)).Array[1, 30],
                (costs, budget, voters) => new BudgetInstance(
                    costs.Select((c, i) => new BudgetProject($"p{i}", c)).ToArray(),
                    voters.Select(v => new ChoiceBallot(Enumerable.Range(0, m).Where(p => (v.mask >> p & 1) == 1).ToArray(), v.w)).ToArray(),
                    budget)));
        gen.Sample(instance =>
        {
            foreach (var completion in new[] { CompletionRule.None, CompletionRule.Greedy, CompletionRule.AddOneThenGreedy })
            {
                var r = Ok(EqualShares.Count(instance, TallyRules.Default with { Completion = completion, CompletionStep = 5 }));
                var spent = r.Winners.Sum(w => instance.Projects.Single(p => p.Name == w).Cost);
                Assert.True(spent <= instance.Budget, $"spent {spent} of {instance.Budget}");
                Assert.Equal(spent, r.Budget!.Spent);
                Assert.True(r.Budget.GreedySpent <= instance.Budget);
            }
        }, iter: Iterations);
    }
}
