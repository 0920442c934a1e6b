using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// A Schulze count read in full on hand-counted inputs: the pairwise and strongest-path figures with fractional and whole
/// weights (two code paths), the tiers of the ranking, the beat counts shown as the tally, and the notes. Written where
/// mutation testing (docs/quality.md) found edits of the count that the published examples did not notice.
/// </summary>
public sealed class SchulzeCountingTests
{
    // 1.5 "A,B,C"; 1 "B,C,A"; 0.5 "C,A,B", and the same with every weight doubled (whole weights are summed as integers).
    // A over B on "A,B,C" and "C,A,B"; B over C on "A,B,C" and "B,C,A"; A and C tie. Halved weights: d[A,B] 2, d[B,A] 1,
    // d[B,C] 2.5, d[C,B] 0.5, d[A,C] = d[C,A] = 1.5. Strongest paths: A->B 2, B->C 2.5, A->C = min(2, 2.5) = 2, the rest 0.
    // Nothing beats A, and B beats C: ranking A, B, C; A beats 2, B 1, C 0.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Pairwise_figures_strongest_paths_tiers_and_beat_counts_are_exact(int scale)
    {
        var e = Ranked("A,B,C", (1.5m * scale, "A,B,C"), (1m * scale, "B,C,A"), (0.5m * scale, "C,A,B"));
        var r = Ok(Schulze.Count(e, TallyRules.Default));
        Assert.Equal(TallyMethod.Schulze, r.Method);
        Assert.Equal(["A"], r.Winners);
        Assert.Equal([["A"], ["B"], ["C"]], r.Ranking!.Select(t => t.ToArray()));
        decimal[,] d = { { 0, 2, 1.5m }, { 1, 0, 2.5m }, { 1.5m, 0.5m, 0 } };
        decimal[,] p = { { 0, 2, 2 }, { 0, 0, 2.5m }, { 0, 0, 0 } };
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(d[i, j] * scale, r.Schulze!.Pairwise[i, j]);
                Assert.Equal(p[i, j] * scale, r.Schulze.StrongestPaths[i, j]);
            }
        }
        var round = Assert.Single(r.Rounds);
        Assert.Equal(1, round.Round);
        Assert.Equal(["A"], round.Elected);
        Assert.Equal([("A", 2m), ("B", 1m), ("C", 0m)], round.Tally.Select(t => (t.Name, t.Value)));
        Assert.Equal(["tally: how many candidates each one beats by strongest path"], round.Notes);
        Assert.Equal(3m * scale, r.TotalVotes);
        Assert.Null(r.Seed);
        Assert.Equal([("strength", "winning votes"), ("tieBreak", TallyRules.Name(TieBreakRule.PreviousRoundsThenCandidateOrder))],
            r.RulesUsed.Select(x => (x.Key, x.Value)));
    }

    // Schulze's example 4 (strongest paths in SchulzePublishedExamplesTests): B and D are unbeaten, A and C form the next tier
    // (p[A,C] = p[C,A] = 5); B beats C (7 > 5) and D beats A (6 > 5), nobody else beats anyone.
    [Fact]
    public void Several_potential_winners_are_named_before_the_tie_break_that_chooses_one()
    {
        var r = Ok(Schulze.Count(Ranked("A,B,C,D", (3, "A,B,C,D"), (2, "D,A,B,C"), (2, "D,B,C,A"), (2, "C,B,D,A")), TallyRules.Default));
        Assert.Equal(["B"], r.Winners);
        Assert.Equal([["B", "D"], ["A", "C"]], r.Ranking!.Select(t => t.ToArray()));
        Assert.Equal([0m, 1m, 0m, 1m], r.Rounds[0].Tally.Select(t => t.Value));
        Assert.Equal(
            ["tally: how many candidates each one beats by strongest path", "2 potential winners: B, D", "tie between B, D broken by candidate order: B chosen to favour"],
            r.Rounds[0].Notes);
    }

    [Fact]
    public void A_ballot_of_weight_zero_changes_no_pairwise_figure()
    {
        var r = Ok(Schulze.Count(Ranked("A,B", (2, "A,B"), (0, "B,A")), TallyRules.Default));
        Assert.Equal(2m, r.Schulze!.Pairwise[0, 1]);
        Assert.Equal(0m, r.Schulze.Pairwise[1, 0]);
    }

    // A file's [tie] order C, B, A with A excluded: the order is renumbered for the candidates taking part (B, C). 1 "B,C" and
    // 1 "C,B" make B and C equal, both unbeaten: the tie order, not candidate order, picks C.
    [Fact]
    public void A_files_tie_order_is_renumbered_when_a_candidate_is_excluded()
    {
        var e = Ranked("A,B,C", (1, "B,C"), (1, "C,B")) with { TieOrder = [2, 1, 0] };
        var r = Ok(Schulze.Count(e, TallyRules.Default with { Excluded = ["A"] }));
        Assert.Equal(["C"], r.Winners);
        Assert.Equal([["B", "C"]], r.Ranking!.Select(t => t.ToArray()));
        Assert.Equal(
            ["tally: how many candidates each one beats by strongest path", "2 potential winners: B, C", "tie between B, C broken by the file's [tie] order: C chosen to favour"],
            r.Rounds[0].Notes);
    }

    // A Condorcet cycle: 3 "A,B,C"; 2 "B,C,A"; 2 "C,A,B". d[A,B] 5, d[B,A] 2, d[B,C] 5, d[C,B] 2, d[C,A] 4, d[A,C] 3.
    // Strongest paths: A->B 5, B->C 5, A->C min(5, 5) = 5, B->A min(5, 4) = 4, C->A 4, C->B min(4, 5) = 4; the diagonal stays 0
    // (a path from a candidate back to itself is no comparison). A beats B and C, B beats C.
    [Fact]
    public void A_cycle_is_resolved_by_strongest_paths_and_the_diagonal_stays_zero()
    {
        var r = Ok(Schulze.Count(Ranked("A,B,C", (3, "A,B,C"), (2, "B,C,A"), (2, "C,A,B")), TallyRules.Default));
        Assert.Equal(["A"], r.Winners);
        Assert.Equal([["A"], ["B"], ["C"]], r.Ranking!.Select(t => t.ToArray()));
        decimal[,] p = { { 0, 5, 5 }, { 4, 0, 5 }, { 4, 4, 0 } };
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++) Assert.Equal(p[i, j], r.Schulze!.StrongestPaths[i, j]);
        }
    }

    // Weights that are all fractional, and weights too large to sum as whole 64-bit numbers, are summed exactly as decimals.
    [Fact]
    public void Fractional_and_very_large_weights_are_summed_exactly()
    {
        var halves = Ok(Schulze.Count(Ranked("A,B", (1.5m, "A,B"), (0.5m, "B,A")), TallyRules.Default));
        Assert.Equal(1.5m, halves.Schulze!.Pairwise[0, 1]);
        Assert.Equal(0.5m, halves.Schulze.Pairwise[1, 0]);

        var large = Ok(Schulze.Count(Ranked("A,B", (5_000_000_000_000_000_000m, "A,B"), (5_000_000_000_000_000_000m, "A")), TallyRules.Default));
        Assert.Equal(10_000_000_000_000_000_000m, large.Schulze!.Pairwise[0, 1]);

        var huge = Ok(Schulze.Count(Ranked("A,B", (10_000_000_000_000_000_000m, "A,B"), (1, "B,A")), TallyRules.Default));
        Assert.Equal(10_000_000_000_000_000_000m, huge.Schulze!.Pairwise[0, 1]);
        Assert.Equal(1m, huge.Schulze.Pairwise[1, 0]);
    }
}
