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

    private static readonly TallyRules s_writeIn = TallyRules.Default with { UndeclaredWriteIn = "W" };

    // 9 A; 4 B; 2 "W,B". Total 15. R1: A9 B4 W2, threshold 7.5: A has more than half, but the write-in holds votes, so it is
    // eliminated first and nobody is elected in round 1; W's 2 go to B. R2: A9 B6 -> A wins (two remain, and 9 > 7.5).
    [Fact]
    public void Undeclared_write_in_holding_votes_is_eliminated_first_and_blocks_any_election_that_round()
    {
        var r = Irv(Parse("A,B,W", (9, "A"), (4, "B"), (2, "W,B")), s_writeIn);
        Assert.Equal(["W"], r.Rounds[0].Eliminated);
        Assert.Empty(r.Rounds[0].Elected);
        Assert.Equal(2m, r.Rounds[0].Transfers.Single().To.Single(t => t.Name == "B").Value);
        Assert.Equal(["A"], r.Rounds[1].Elected);
        Assert.Equal(6m, r.Rounds[1].Of("B"));
        Assert.Equal(["A"], r.Winners);
        Assert.Contains("\"undeclaredWriteIn\": \"W\"", TallyJson.Write(r), StringComparison.Ordinal);
    }

    // 5 "W,A"; 2 A; 1 B. Total 8. R1: W5 A2 B1: W has the most votes but can never win: eliminated first, its 5 go to A.
    // R2: A7 B1 -> A. Without the option W would win round 1 with 5 of 8.
    [Fact]
    public void Undeclared_write_in_never_wins_even_with_the_most_votes()
    {
        var e = Parse("W,A,B", (5, "W,A"), (2, "A"), (1, "B"));
        Assert.Equal(["W"], Irv(e, TallyRules.Default).Winners);
        var r = Irv(e, s_writeIn);
        Assert.Equal(["A"], r.Winners);
        Assert.Equal(7m, r.Rounds[1].Of("A"));
    }

    // 2 A; 2 B; 1 C; W declared but ranked by nobody. R1: A2 B2 C1 W0, threshold 2.5. A write-in holding no votes takes no part:
    // C (1), not W (0), is the lowest and is eliminated.
    [Fact]
    public void Undeclared_write_in_holding_no_votes_is_passed_over_when_choosing_whom_to_eliminate()
    {
        var r = Irv(Parse("A,B,C,W", (2, "A"), (2, "B"), (1, "C")), s_writeIn);
        Assert.Equal(["C"], r.Rounds[0].Eliminated);
    }

    // 4 A; 4 B; 3 "C,B"; 2 "D,A". Total 13. C excluded: its ballots pass over it to B at once. R1: A4 B7 D2 (no C), threshold 6.5
    // -> B wins in round 1. Counted with C, B would win only in round 3.
    [Fact]
    public void Excluded_candidates_never_appear_in_a_tally_and_rankings_of_them_are_passed_over()
    {
        var e = Parse("A,B,C,D", (4, "A"), (4, "B"), (3, "C,B"), (2, "D,A"));
        Assert.Equal(3, Irv(e, TallyRules.Default).Rounds.Count);
        var r = Irv(e, TallyRules.Default with { Excluded = ["C"] });
        Assert.Single(r.Rounds);
        Assert.Equal(["A", "B", "D"], r.Rounds[0].Tally.Select(t => t.Name));
        Assert.Equal(7m, r.Rounds[0].Of("B"));
        Assert.Equal(["A", "B", "D"], r.Candidates);
        Assert.Equal(["C"], r.Excluded);
        Assert.Equal(["B"], r.Winners);
        Assert.Contains("\"excluded\": [\n    \"C\"\n  ]", TallyJson.Write(r), StringComparison.Ordinal);
    }

    // 1 "C,_,A" with C excluded and at most 0 skipped ranks: rank 1 names C, so it is not a skipped rank (it is passed over as an
    // eliminated candidate's would be); rank 2 is empty, one skip more than 0 allowed -> inactive by skipped rankings in round 1.
    [Fact]
    public void A_rank_naming_an_excluded_candidate_is_not_a_skipped_rank()
    {
        var r = Irv(Parse("A,B,C", (3, "A"), (2, "B"), (1, "C,_,A")), TallyRules.Default with { Excluded = ["C"], MaxSkippedRanks = 0 });
        Assert.Equal(1m, r.Rounds[0].Inactive!.SkippedRankings);
        Assert.Equal(3m, r.Rounds[0].Of("A"));
    }

    [Fact]
    public void An_excluded_name_that_is_no_candidate_is_an_error()
    {
        var r = InstantRunoff.Count(Parse("A,B", (1, "A")), TallyRules.Default with { Excluded = ["Zed"] });
        Assert.False(r.Ok);
        Assert.Contains("excluded candidate 'Zed' is not a candidate", r.Error!.Message, StringComparison.Ordinal);
    }

    // 4 A; 3 B; 2 C; 1 D. R1: threshold 5, nobody; D eliminated (exhausts). R2: A4 B3 C2, threshold 4.5, nobody; C eliminated.
    // Stopping after round 2: two rounds, no winner, the last round says why.
    [Fact]
    public void Stop_after_round_n_ends_the_count_there_with_or_without_a_winner()
    {
        var e = Parse("A,B,C,D", (4, "A"), (3, "B"), (2, "C"), (1, "D"));
        var r = Irv(e, TallyRules.Default with { StopAfterRound = 2 });
        Assert.Equal(2, r.Rounds.Count);
        Assert.Empty(r.Winners);
        Assert.Equal(["C"], r.Rounds[1].Eliminated);
        Assert.Contains("the count stops after round 2, as the rules ask: no winner", r.Rounds[1].Notes);
        // Without the option: R3 A4 B3 (C's 2 exhaust) -> two remain, A wins.
        Assert.Equal(["A"], Irv(e, TallyRules.Default).Winners);
        Assert.Equal(["A"], Irv(e, TallyRules.Default with { StopAfterRound = 3 }).Winners);
    }

    // 8 A; 4 B; 3 C; 2 D. Total 17, round 1 threshold 8.5: nobody; D eliminated, its 2 exhaust.
    //  recomputed: R2 A8 B4 C3 = 15 continuing, threshold 7.5 -> A wins in round 2.
    //  fixed:      R2 threshold stays 8.5 -> nobody; C eliminated (exhausts). R3 A8 B4: two remain -> A wins in round 3.
    [Fact]
    public void First_round_threshold_holds_in_every_round()
    {
        var e = Parse("A,B,C,D", (8, "A"), (4, "B"), (3, "C"), (2, "D"));
        var recomputed = Irv(e, TallyRules.Default);
        Assert.Equal([8.5m, 7.5m], recomputed.Rounds.Select(x => x.Threshold!.Value));
        var fixedThreshold = Irv(e, TallyRules.Default with { FirstRoundThreshold = true });
        Assert.Equal([8.5m, 8.5m, 8.5m], fixedThreshold.Rounds.Select(x => x.Threshold!.Value));
        Assert.Equal(["A"], fixedThreshold.Rounds[2].Elected);
        Assert.Equal(["A"], fixedThreshold.Winners);
    }

    // RCTab's reference count "continue_until_two_with_batch_elimination_test" (BrightSpots/rcv, test_data), its ballots read
    // back from its published transfers: 60 A; 15 B; 14 C; 2 "D,C"; 3 D; 4 E; 1 F; 1 G (100 ballots).
    // R1: A60 elected (threshold 50). R2: same tallies; batch elimination of D, E, F, G (5+4+1+1 = 11 < C's 14): D's 2 go to C,
    // 3 + 4 + 1 + 1 exhaust. R3: A60 B15 C16 -> B eliminated, 15 exhaust. R4: A60 C16, two remain: the count is complete.
    // RCTab prints thresholds 51, 51, 46, 39 (floor(continuing / 2) + 1, recomputed); Kiosk keeps the winning round's (50).
    [Fact]
    public void Continue_until_two_remain_matches_RCTab_reference_rounds()
    {
        var e = Parse("A,B,C,D,E,F,G", (60, "A"), (15, "B"), (14, "C"), (2, "D,C"), (3, "D"), (4, "E"), (1, "F"), (1, "G"));
        var r = Irv(e, TallyRules.Default with { ContinueUntilTwoRemain = true, BatchElimination = true });
        Assert.Equal(4, r.Rounds.Count);
        Assert.Equal(["A"], r.Rounds[0].Elected);
        Assert.Empty(r.Rounds[0].Eliminated);
        Assert.Equal(["D", "E", "F", "G"], r.Rounds[1].Eliminated.Order());
        Assert.Equal(60m, r.Rounds[1].Of("A"));
        Assert.Equal((60m, 15m, 16m), (r.Rounds[2].Of("A"), r.Rounds[2].Of("B"), r.Rounds[2].Of("C")));
        Assert.Equal(9m, r.Rounds[2].Inactive!.ExhaustedChoices);
        Assert.Equal(["B"], r.Rounds[2].Eliminated);
        Assert.Equal((60m, 0m, 16m), (r.Rounds[3].Of("A"), r.Rounds[3].Of("B"), r.Rounds[3].Of("C")));
        Assert.Equal(24m, r.Rounds[3].Inactive!.ExhaustedChoices);
        Assert.Empty(r.Rounds[3].Eliminated);
        Assert.All(r.Rounds, x => Assert.Equal(50m, x.Threshold));
        Assert.Equal(["A"], r.Winners);
    }

    // 7 A; 2 "C,A"; 3 B; 1 D. Total 13. R1: A7 is more than 6.5: A wins; the count goes on until two remain.
    // R2: same tallies, D eliminated (exhausts). R3: A7 B3 C2 -> C eliminated, its 2 go to the winner. R4: A9 B3: complete.
    [Fact]
    public void After_the_win_the_winner_keeps_receiving_transfers_until_two_remain()
    {
        var e = Parse("A,B,C,D", (7, "A"), (2, "C,A"), (3, "B"), (1, "D"));
        var r = Irv(e, TallyRules.Default with { ContinueUntilTwoRemain = true });
        Assert.Equal(4, r.Rounds.Count);
        Assert.Equal(["A"], r.Rounds[0].Elected);
        Assert.Equal(["D"], r.Rounds[1].Eliminated);
        Assert.Equal(["C"], r.Rounds[2].Eliminated);
        Assert.Equal(9m, r.Rounds[3].Of("A"));
        Assert.All(r.Rounds, x => Assert.Equal(6.5m, x.Threshold));
        Assert.Single(Irv(e, TallyRules.Default).Rounds);
    }
}
