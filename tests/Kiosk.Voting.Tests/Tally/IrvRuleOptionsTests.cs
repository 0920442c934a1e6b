using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// IRV rule options (the options of real ranked-choice rules such as RCTab's). Each expected figure is computed by hand in the
/// comment above it; "_" in a ballot is a skipped rank, "X|Y" an overvote.
/// </summary>
public sealed class IrvRuleOptionsTests
{
    private static TallyResult Irv(RankedElection e, TallyRules rules) => Ok(InstantRunoff.Count(e, rules));

    private static RankedElection Parse(string candidates, params (decimal W, string Ballot)[] ballots) =>
        Ranked(candidates, ballots.Select(b => (b.W, b.Ballot.Replace("_", "", StringComparison.Ordinal))).ToArray());

    // 6 A; 4 B; 3 C; 1 D; 1 "D, C|E, B"; E has no votes. Total 15.
    // R1: A6 B4 C3 D2 E0 -> E eliminated (no transfers). R2: A6 B4 C3 D2 -> D eliminated; "D" exhausts, and "D, C|E, B" reaches the overvote:
    //  exhaust-immediately:            inactive as an overvote.             R3: A6 B4 C3 (overvotes 1, exhausted 1)
    //  always-skip-to-next-rank:       rank 2 passed over, counts for B.    R3: A6 B5 C3 (overvotes 0)
    //  exhaust-if-multiple-continuing: E is out, C is the only continuing.  R3: A6 B4 C4 (overvotes 0)
    private static readonly RankedElection s_overvote = Parse("A,B,C,D,E", (6, "A"), (4, "B"), (3, "C"), (1, "D"), (1, "D,C|E,B"));

    [Theory]
    [InlineData(OvervoteRule.ExhaustImmediately, 4, 3, 1)]
    [InlineData(OvervoteRule.AlwaysSkipToNextRank, 5, 3, 0)]
    [InlineData(OvervoteRule.ExhaustIfMultipleContinuing, 4, 4, 0)]
    public void Overvote_rule_decides_where_an_overvoted_ballot_goes(OvervoteRule rule, int b, int c, int overvotes)
    {
        var r = Irv(s_overvote, TallyRules.Default with { Overvote = rule });
        var r3 = r.Rounds[2];
        Assert.Equal(6m, r3.Of("A"));
        Assert.Equal(b, r3.Of("B"));
        Assert.Equal(c, r3.Of("C"));
        Assert.Equal(overvotes, r3.Inactive!.Overvotes);
        Assert.Equal(1m, r3.Inactive.ExhaustedChoices);
        Assert.Equal(["A"], r.Winners);
    }

    [Fact]
    public void Exhaust_if_multiple_continuing_exhausts_when_two_overvoted_candidates_continue()
    {
        // 6 A; 4 B; 3 C; 2 "D, B|C": at R2 (D eliminated) both B and C continue -> 2 overvotes.
        var e = Parse("A,B,C,D", (6, "A"), (4, "B"), (3, "C"), (2, "D,B|C"));
        var r = Irv(e, TallyRules.Default with { Overvote = OvervoteRule.ExhaustIfMultipleContinuing });
        Assert.Equal(2m, r.Rounds[1].Inactive!.Overvotes);
    }

    // 7 A; 5 B; 2 C; 1 "C,_,_,B"; 1 "C,_,B". Total 16. R1: A7 B5 C4 -> C eliminated; "C" x2 exhaust.
    //  unlimited skips: both reach B.                        R2: A7 B7, skipped 0
    //  max 1: "C,_,B" reaches B, "C,_,_,B" skips 2 > 1.      R2: A7 B6, skipped 1
    //  max 0: both skip more than 0.                         R2: A7 B5, skipped 2
    [Theory]
    [InlineData(null, 7, 0)]
    [InlineData(1, 6, 1)]
    [InlineData(0, 5, 2)]
    public void Maximum_consecutive_skipped_ranks_is_enforced(int? max, int b, int skipped)
    {
        var e = Parse("A,B,C", (7, "A"), (5, "B"), (2, "C"), (1, "C,_,_,B"), (1, "C,_,B"));
        var r = Irv(e, TallyRules.Default with { MaxSkippedRanks = max });
        Assert.Equal(b, r.Rounds[1].Of("B"));
        Assert.Equal(skipped, r.Rounds[1].Inactive!.SkippedRankings);
        Assert.Equal(2m, r.Rounds[1].Inactive!.ExhaustedChoices);
    }

    // 7 A; 5 B; 3 C; 1 "C,C,B". R1: A7 B5 C4 -> C eliminated; "C" x3 exhaust.
    //  skip:    the repeated C is passed over, the ballot counts for B.  R2: A7 B6
    //  exhaust: the ballot stops at the repeated C.                      R2: A7 B5, repeated 1
    [Theory]
    [InlineData(DuplicateRule.Skip, 6, 0)]
    [InlineData(DuplicateRule.Exhaust, 5, 1)]
    public void Duplicate_ranking_rule_skips_or_exhausts(DuplicateRule rule, int b, int repeated)
    {
        var e = Parse("A,B,C", (7, "A"), (5, "B"), (3, "C"), (1, "C,C,B"));
        var r = Irv(e, TallyRules.Default with { Duplicate = rule });
        Assert.Equal(b, r.Rounds[1].Of("B"));
        Assert.Equal(repeated, r.Rounds[1].Inactive!.RepeatedRankings);
    }

    // 10 A; 8 B; 3 C; 2 "D,B"; 1 "E,B". Total 24.
    // Batch on: lowest E1, D2, C3: E+D+C = 6 < B's 8, and E+D = 3 is not below C's 3, so E, D and C go together in round 1.
    //   R2: A10 B11 (C's 3 exhaust) -> B has more than half of 21.
    // Batch off: E, then D, then C are eliminated one per round; B wins in round 4 with the same tallies.
    [Fact]
    public void Batch_elimination_removes_every_candidate_who_cannot_win_at_once()
    {
        var e = Parse("A,B,C,D,E", (10, "A"), (8, "B"), (3, "C"), (2, "D,B"), (1, "E,B"));
        var batch = Irv(e, TallyRules.Default with { BatchElimination = true });
        Assert.Equal(["C", "D", "E"], batch.Rounds[0].Eliminated.Order());
        Assert.Equal(2, batch.Rounds.Count);
        Assert.Equal(11m, batch.Rounds[1].Of("B"));
        Assert.Equal(10.5m, batch.Rounds[1].Threshold);
        var single = Irv(e, TallyRules.Default with { BatchElimination = false });
        Assert.Equal(4, single.Rounds.Count);
        Assert.Equal(["B"], batch.Winners);
        Assert.Equal(["B"], single.Winners);
    }

    // 4 A; 2 "B,C"; 3 "C,B"; 1 "D,B". Total 10. R1: A4 B2 C3 D1 -> D eliminated, its ballot goes to B. R2: A4 B3 C3: B and C tie.
    //  previous rounds: in R1 B had 2 < C's 3, so B goes; "B,C" x2 -> C, "D,B" exhausts. R3: A4 C5 -> C wins (5 > 4.5).
    //  candidate order: the later-listed C goes; "C,B" x3 -> B. R3: A4 B6 -> B wins.
    [Theory]
    [InlineData(TieBreakRule.PreviousRoundsThenCandidateOrder, "C", "B")]
    [InlineData(TieBreakRule.CandidateOrder, "B", "C")]
    public void Tie_breaks_choose_who_is_eliminated(TieBreakRule rule, string winner, string eliminated)
    {
        var e = Parse("A,B,C,D", (4, "A"), (2, "B,C"), (3, "C,B"), (1, "D,B"));
        var r = Irv(e, TallyRules.Default with { TieBreak = rule });
        Assert.Equal([eliminated], r.Rounds[1].Eliminated);
        Assert.Equal([winner], r.Winners);
        Assert.Contains(r.Rounds[1].Notes, n => n.StartsWith("tie between B, C", StringComparison.Ordinal));
    }

    [Fact]
    public void Random_tie_break_is_repeatable_from_its_seed_and_the_seed_is_recorded()
    {
        var e = Parse("A,B,C,D", (4, "A"), (2, "B,C"), (2, "C,B"), (1, "D"));
        var picks = Enumerable.Range(0, 16).Select(seed => Irv(e, TallyRules.Default with { TieBreak = TieBreakRule.Random, Seed = (ulong)seed })).ToList();
        foreach (var (r, seed) in picks.Select((r, i) => (r, i)))
        {
            Assert.Equal((ulong)seed, r.Seed);
            Assert.Equal(r.Winners, Irv(e, TallyRules.Default with { TieBreak = TieBreakRule.Random, Seed = (ulong)seed }).Winners);
            Assert.Contains($"\"seed\": {seed}", TallyJson.Write(r), StringComparison.Ordinal);
        }
        Assert.True(picks.Select(p => p.Winners[0]).Distinct().Count() >= 2, "different seeds should break the tie differently");
    }

    [Fact]
    public void Threshold_is_half_of_the_continuing_votes_recomputed_each_round()
    {
        // 5 A; 4 B; 3 "C". R1 threshold 6; C's 3 exhaust; R2 threshold 4.5 and A wins with 5 of 9 continuing.
        var r = Irv(Parse("A,B,C", (5, "A"), (4, "B"), (3, "C")), TallyRules.Default);
        Assert.Equal(6m, r.Rounds[0].Threshold);
        Assert.Equal(4.5m, r.Rounds[1].Threshold);
        Assert.Equal(["A"], r.Winners);
        Assert.Equal([new NamedValue(TransferFrom.Exhausted, 3)], r.Rounds[0].Transfers.Single().To);
    }
}
