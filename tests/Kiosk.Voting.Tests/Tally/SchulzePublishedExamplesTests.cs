using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// Schulze's worked examples. Sources: M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and
/// Condorcet-consistent single-winner election method", Social Choice and Welfare 36 (2011) 267–303, section 3 (examples 1–4,
/// reproduced on the electorama wiki, "Schulze method", revision 70012, and in the test-suite of the schulze Rust crate);
/// example 1 is also the 45-voter example of Wikipedia's "Schulze method" article.
/// </summary>
public sealed class SchulzePublishedExamplesTests
{
    private static TallyResult Count(string candidates, params (decimal, string)[] ballots) =>
        Ok(Schulze.Count(Ranked(candidates, ballots), TallyRules.Default));

    private static void AssertMatrix(decimal[,] m, string candidates, params (string From, string To, decimal Value)[] expected)
    {
        var names = candidates.Split(',').ToList();
        foreach (var (from, to, value) in expected) Assert.Equal(value, m[names.IndexOf(from), names.IndexOf(to)]);
    }

    [Fact]
    public void More_candidates_than_the_documented_limit_are_refused_with_a_clear_message()
    {
        var names = string.Join(",", Enumerable.Range(1, 5_000).Select(i => $"C{i}"));
        var outcome = Schulze.Count(Ranked(names, (1, "C1,C2,C3")), TallyRules.Default);
        Assert.False(outcome.Ok);
        Assert.Equal("Schulze counts at most 500 candidates; this election has 5,000 (the count grows with the cube of the candidates)", outcome.Error!.Message);
        var justOver = string.Join(",", Enumerable.Range(1, Schulze.MaxCandidates + 1).Select(i => $"C{i}"));
        Assert.False(Schulze.Count(Ranked(justOver, (1, "C1")), TallyRules.Default).Ok);
    }

    [Fact]
    public void Wikipedia_45_voter_example_elects_E_with_ranking_E_A_C_B_D()
    {
        var r = Count("A,B,C,D,E",
            (5, "A,C,B,E,D"), (5, "A,D,E,C,B"), (8, "B,E,D,A,C"), (3, "C,A,B,E,D"),
            (7, "C,A,E,B,D"), (2, "C,B,A,D,E"), (7, "D,C,E,B,A"), (8, "E,B,A,D,C"));
        Assert.Equal(["E"], r.Winners);
        Assert.Equal(["E", "A", "C", "B", "D"], r.Ranking!.Select(t => Assert.Single(t)));
        // Wikipedia's table of pairwise preferences d[*,*] and of strongest paths p[*,*].
        AssertMatrix(r.Schulze!.Pairwise, "A,B,C,D,E",
            ("A", "B", 20), ("A", "C", 26), ("A", "D", 30), ("A", "E", 22),
            ("B", "A", 25), ("B", "C", 16), ("B", "D", 33), ("B", "E", 18),
            ("C", "A", 19), ("C", "B", 29), ("C", "D", 17), ("C", "E", 24),
            ("D", "A", 15), ("D", "B", 12), ("D", "C", 28), ("D", "E", 14),
            ("E", "A", 23), ("E", "B", 27), ("E", "C", 21), ("E", "D", 31));
        AssertMatrix(r.Schulze.StrongestPaths, "A,B,C,D,E",
            ("A", "B", 28), ("A", "C", 28), ("A", "D", 30), ("A", "E", 24),
            ("B", "A", 25), ("B", "C", 28), ("B", "D", 33), ("B", "E", 24),
            ("C", "A", 25), ("C", "B", 29), ("C", "D", 29), ("C", "E", 24),
            ("D", "A", 25), ("D", "B", 28), ("D", "C", 28), ("D", "E", 24),
            ("E", "A", 25), ("E", "B", 28), ("E", "C", 28), ("E", "D", 31));
    }

    [Fact]
    public void Paper_example_2_with_30_voters_and_4_candidates_elects_D()
    {
        var r = Count("A,B,C,D",
            (5, "A,C,B,D"), (2, "A,C,D,B"), (3, "A,D,C,B"), (4, "B,A,C,D"), (3, "C,B,D,A"),
            (3, "C,D,B,A"), (1, "D,A,C,B"), (5, "D,B,A,C"), (4, "D,C,B,A"));
        Assert.Equal(["D"], r.Winners);
        Assert.Equal(["D", "A", "C", "B"], r.Ranking!.Select(t => Assert.Single(t)));
        AssertMatrix(r.Schulze!.StrongestPaths, "A,B,C,D",
            ("A", "B", 20), ("A", "C", 20), ("A", "D", 17), ("B", "A", 19), ("B", "C", 19), ("B", "D", 17),
            ("C", "A", 19), ("C", "B", 21), ("C", "D", 17), ("D", "A", 18), ("D", "B", 18), ("D", "C", 18));
    }

    [Fact]
    public void Paper_example_3_with_30_voters_and_5_candidates_elects_B()
    {
        var r = Count("A,B,C,D,E",
            (3, "A,B,D,E,C"), (5, "A,D,E,B,C"), (1, "A,D,E,C,B"), (2, "B,A,D,E,C"), (2, "B,D,E,C,A"),
            (4, "C,A,B,D,E"), (6, "C,B,A,D,E"), (2, "D,B,E,C,A"), (5, "D,E,C,A,B"));
        Assert.Equal(["B"], r.Winners);
        Assert.Equal(["B", "A", "D", "E", "C"], r.Ranking!.Select(t => Assert.Single(t)));
        AssertMatrix(r.Schulze!.StrongestPaths, "A,B,C,D,E",
            ("A", "B", 18), ("A", "C", 20), ("A", "D", 21), ("A", "E", 21), ("B", "A", 19), ("B", "C", 19), ("B", "D", 19), ("B", "E", 19),
            ("C", "A", 19), ("C", "B", 18), ("C", "D", 19), ("C", "E", 19), ("D", "A", 19), ("D", "B", 18), ("D", "C", 20), ("D", "E", 30),
            ("E", "A", 19), ("E", "B", 18), ("E", "C", 20), ("E", "D", 19));
    }

    [Fact]
    public void Paper_example_4_with_9_voters_has_B_and_D_as_potential_winners()
    {
        var r = Count("A,B,C,D", (3, "A,B,C,D"), (2, "D,A,B,C"), (2, "D,B,C,A"), (2, "C,B,D,A"));
        // The paper: B and D tie (p[B,D] = p[D,B] = 5); the tie-break picks one of them and says so.
        Assert.Equal(["B", "D"], r.Ranking![0].Order());
        Assert.True(r.Winners.Single() is "B" or "D");
        Assert.Contains(r.Rounds[0].Notes, n => n.Contains("potential winners", StringComparison.Ordinal));
        AssertMatrix(r.Schulze!.StrongestPaths, "A,B,C,D",
            ("A", "B", 5), ("A", "C", 5), ("A", "D", 5), ("B", "A", 5), ("B", "C", 7), ("B", "D", 5),
            ("C", "A", 5), ("C", "B", 5), ("C", "D", 5), ("D", "A", 6), ("D", "B", 5), ("D", "C", 5));
    }
}
