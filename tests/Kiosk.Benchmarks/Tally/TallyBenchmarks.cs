using BenchmarkDotNet.Attributes;
using Kiosk.Voting.Tally;

namespace Kiosk.Benchmarks.Tally;

/// <summary>Ballots for the tally benchmarks: a seeded popularity model, so runs are comparable.</summary>
internal static class TallyBenchData
{
    /// <summary>
    /// Ranked ballots: each voter ranks 1–<paramref name="candidates"/> candidates (short rankings more likely), drawn without
    /// replacement with probability proportional to a fixed popularity (candidate i has weight 1/(i+1)).
    /// </summary>
    public static RankedElection Ranked(int ballots, int candidates, int seed)
    {
        var random = new Random(seed);
        var popularity = Enumerable.Range(0, candidates).Select(i => 1.0 / (i + 1)).ToArray();
        var list = new RankedBallot[ballots];
        var left = new List<int>(candidates);
        for (var b = 0; b < ballots; b++)
        {
            var length = Math.Min(candidates, 1 + (int)(-Math.Log(1 - random.NextDouble()) * 2.5));
            left.Clear();
            left.AddRange(Enumerable.Range(0, candidates));
            var order = new int[length];
            for (var r = 0; r < length; r++)
            {
                var total = left.Sum(c => popularity[c]);
                var x = random.NextDouble() * total;
                var k = 0;
                while (k < left.Count - 1 && (x -= popularity[left[k]]) > 0) k++;
                order[r] = left[k];
                left.RemoveAt(k);
            }
            list[b] = RankedBallot.Ordered(1, order);
        }
        return new RankedElection(Enumerable.Range(0, candidates).Select(c => $"C{c + 1}").ToArray(), list);
    }
}

/// <summary>IRV over 1,000,000 ballots and 10 candidates (target: under a second).</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 3)]
public class TallyIrvBenchmark
{
    private RankedElection _election = null!;

    [GlobalSetup]
    public void Setup() => _election = TallyBenchData.Ranked(1_000_000, 10, seed: 1);

    [Benchmark]
    public TallyResult Irv_1M_ballots_10_candidates() => InstantRunoff.Count(_election, TallyRules.Default).Unwrap();
}

/// <summary>Schulze over 100,000 ballots and 20 candidates.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 3)]
public class TallySchulzeBenchmark
{
    private RankedElection _election = null!;

    [GlobalSetup]
    public void Setup() => _election = TallyBenchData.Ranked(100_000, 20, seed: 2);

    [Benchmark]
    public TallyResult Schulze_100k_ballots_20_candidates() => Schulze.Count(_election, TallyRules.Default).Unwrap();
}

/// <summary>Meek STV over 100,000 ballots, 30 candidates, 5 seats.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 3)]
public class TallyMeekBenchmark
{
    private RankedElection _election = null!;

    [GlobalSetup]
    public void Setup() => _election = TallyBenchData.Ranked(100_000, 30, seed: 3) with { Seats = 5 };

    [Benchmark]
    public TallyResult Meek_100k_ballots_30_candidates_5_seats() => MeekStv.Count(_election, TallyRules.Default).Unwrap();
}

/// <summary>Equal Shares over 50 projects and 10,000 voters (each approving 1–8 projects), with the default completion.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 3)]
public class TallyEqualSharesBenchmark
{
    private BudgetInstance _instance = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(4);
        var projects = Enumerable.Range(0, 50).Select(p => new BudgetProject($"P{p + 1}", 10_000 * random.Next(5, 60))).ToArray();
        var ballots = Enumerable.Range(0, 10_000).Select(_ =>
            new ChoiceBallot(Enumerable.Range(0, random.Next(1, 9)).Select(_ => (int)(Math.Pow(random.NextDouble(), 2) * 50)).Distinct().ToArray(), 1)).ToArray();
        _instance = new BudgetInstance(projects, ballots, Budget: 3_000_000);
    }

    [Benchmark]
    public TallyResult EqualShares_50_projects_10k_voters() => EqualShares.Count(_instance, TallyRules.Default).Unwrap();

    [Benchmark]
    public TallyResult EqualShares_50_projects_10k_voters_first_pass_only() => EqualShares.Count(_instance, TallyRules.Default with { Completion = CompletionRule.None }).Unwrap();
}
