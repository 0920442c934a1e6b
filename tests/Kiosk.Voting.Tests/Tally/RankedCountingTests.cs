using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// An instant-runoff count read in full: every round's threshold, tally, eliminations, transfers and notes, and the rules the
/// result says it used. Each figure is counted by hand in the comment above it. Written where mutation testing
/// (docs/quality.md) found edits of the count that changed only what the result says, not who wins.
/// </summary>
public sealed class RankedCountingTests
{
    private static TallyResult Irv(RankedElection e, TallyRules rules) => Ok(InstantRunoff.Count(e, rules));

    private static void AssertTransfer(TransferFrom transfer, string from, params (string Name, decimal Value)[] to)
    {
        Assert.Equal(from, transfer.From);
        Assert.Equal(to, transfer.To.Select(t => (t.Name, t.Value)));
    }

    // 5 A; 4 "B,A"; 3 "C,B"; 2 "D,C". Total 14, threshold 7 in every round (no ballot exhausts).
    // R1: A5 B4 C3 D2 -> D eliminated, 2 to C. R2: A5 B4 C5 D0 -> B eliminated, 4 to A. R3: A9 C5: two remain, A wins with 9.
    [Fact]
    public void Every_round_is_reported_with_its_threshold_tally_transfers_and_notes()
    {
        var e = Ranked("A,B,C,D", (5, "A"), (4, "B,A"), (3, "C,B"), (2, "D,C"));
        var r = Irv(e, TallyRules.Default);
        Assert.Equal(TallyMethod.Irv, r.Method);
        Assert.Equal(["A", "B", "C", "D"], r.Candidates);
        Assert.Equal(["A"], r.Winners);
        Assert.Equal(14m, r.TotalVotes);
        Assert.Null(r.Seed);
        Assert.Equal([1, 2, 3], r.Rounds.Select(x => x.Round));
        Assert.All(r.Rounds, x => Assert.Equal(7m, x.Threshold));
        Assert.All(r.Rounds, x => Assert.Equal(InactiveCounts.None, x.Inactive));

        Assert.Equal([5m, 4m, 3m, 2m], r.Rounds[0].Tally.Select(t => t.Value));
        Assert.Equal(["D"], r.Rounds[0].Eliminated);
        Assert.Empty(r.Rounds[0].Elected);
        AssertTransfer(Assert.Single(r.Rounds[0].Transfers), "D", ("C", 2m));
        Assert.Empty(r.Rounds[0].Notes);

        Assert.Equal([5m, 4m, 5m, 0m], r.Rounds[1].Tally.Select(t => t.Value));
        Assert.Equal(["B"], r.Rounds[1].Eliminated);
        AssertTransfer(Assert.Single(r.Rounds[1].Transfers), "B", ("A", 4m));
        Assert.Empty(r.Rounds[1].Notes);

        Assert.Equal([9m, 0m, 5m, 0m], r.Rounds[2].Tally.Select(t => t.Value));
        Assert.Equal(["A"], r.Rounds[2].Elected);
        Assert.Empty(r.Rounds[2].Eliminated);
        Assert.Empty(r.Rounds[2].Transfers);
        Assert.Equal(["two candidates remain: A wins with 9 votes"], r.Rounds[2].Notes);

        Assert.Equal(
            [
                ("overvote", TallyRules.Name(OvervoteRule.ExhaustImmediately)), ("maxSkippedRanks", "unlimited"),
                ("duplicate", TallyRules.Name(DuplicateRule.Skip)), ("tieBreak", TallyRules.Name(TieBreakRule.PreviousRoundsThenCandidateOrder)),
                ("batchElimination", "off"), ("continueUntilTwoRemain", "off"), ("firstRoundThreshold", "off"),
            ],
            r.RulesUsed.Select(p => (p.Key, p.Value)));
    }

    // A transfer that partly exhausts lists the exhausted votes last: 4 A; 3 B; 1 "C,B"; 1 C. R1: C eliminated, 1 to B, 1 exhausts.
    [Fact]
    public void A_transfer_lists_the_receiving_candidates_and_then_the_exhausted_votes()
    {
        var r = Irv(Ranked("A,B,C", (4, "A"), (3, "B"), (1, "C,B"), (1, "C")), TallyRules.Default);
        AssertTransfer(Assert.Single(r.Rounds[0].Transfers), "C", ("B", 1m), (TransferFrom.Exhausted, 1m));
        Assert.Equal(new InactiveCounts(0, 0, 1, 0), r.Rounds[1].Inactive);
    }

    // 6 A; 3 B; 2 C: threshold 5.5 and A holds 6, more than half: A wins in round 1 although three candidates remain.
    // 5 A; 3 B; 2 C: A holds exactly half (5 of 10), which is not more than half: C is eliminated first.
    [Fact]
    public void More_than_half_wins_at_once_and_exactly_half_does_not()
    {
        var more = Irv(Ranked("A,B,C", (6, "A"), (3, "B"), (2, "C")), TallyRules.Default);
        var round = Assert.Single(more.Rounds);
        Assert.Equal(["A"], round.Elected);
        Assert.Empty(round.Notes);
        var half = Irv(Ranked("A,B,C", (5, "A"), (3, "B"), (2, "C")), TallyRules.Default);
        Assert.Equal(["C"], half.Rounds[0].Eliminated);
        Assert.Empty(half.Rounds[0].Elected);
        Assert.Equal(["A"], half.Winners);
    }

    [Fact]
    public void A_lone_candidate_wins_as_the_only_continuing_candidate()
    {
        var r = Irv(Ranked("A", (3, "A")), TallyRules.Default);
        var round = Assert.Single(r.Rounds);
        Assert.Equal(["A"], round.Elected);
        Assert.Equal(["A is the only continuing candidate"], round.Notes);
    }

    // 7 A; 2 "C,A"; 3 B; 1 D. Total 13, threshold 6.5: A wins in round 1, the count goes on until two remain.
    // R2: D eliminated. R3: C eliminated, 2 to A. R4: A9 B3: complete.
    [Fact]
    public void Counting_on_after_the_win_says_so_and_says_when_it_is_complete()
    {
        var e = Ranked("A,B,C,D", (7, "A"), (2, "C,A"), (3, "B"), (1, "D"));
        var r = Irv(e, TallyRules.Default with { ContinueUntilTwoRemain = true });
        Assert.Equal(["the count continues until two candidates remain; the threshold stays at 6.5"], r.Rounds[0].Notes);
        Assert.Empty(r.Rounds[1].Notes);
        Assert.Equal(["two candidates remain: the count is complete"], r.Rounds[3].Notes);
        Assert.Equal(("continueUntilTwoRemain", "on"), r.RulesUsed.Select(p => (p.Key, p.Value)).Single(p => p.Key == "continueUntilTwoRemain"));

        var stopped = Irv(e, TallyRules.Default with { ContinueUntilTwoRemain = true, StopAfterRound = 1 });
        var only = Assert.Single(stopped.Rounds);
        Assert.Equal(["the count continues until two candidates remain; the threshold stays at 6.5", "the count stops after round 1, as the rules ask"], only.Notes);
        Assert.Equal(["A"], stopped.Winners);
    }

    // 10 A; 8 B; 3 C; 2 "D,B"; 1 "E,B". Lowest first: E1, D2, C3, B8. E alone (1 < 2) and E + D + C (6 < 8) cannot catch up;
    // E + D (3) is not fewer than C's 3. The largest such group is 3.
    [Fact]
    public void Batch_elimination_names_how_many_go_and_their_combined_votes()
    {
        var e = Ranked("A,B,C,D,E", (10, "A"), (8, "B"), (3, "C"), (2, "D,B"), (1, "E,B"));
        var r = Irv(e, TallyRules.Default with { BatchElimination = true });
        Assert.Equal(["batch elimination of 3 candidates whose combined votes (6) are fewer than the next candidate's"], r.Rounds[0].Notes);
        Assert.Equal(["E", "D", "C"], r.Rounds[0].Eliminated);
        Assert.Equal(["E", "D", "C"], r.Rounds[0].Transfers.Select(t => t.From));
        Assert.Equal(("batchElimination", "on"), r.RulesUsed.Select(p => (p.Key, p.Value)).Single(p => p.Key == "batchElimination"));
    }

    // 1 A; 1 B; 5 C; 5 D. Batch: A1 < B1? no (k = 1 not counted); A + B = 2 < 5: the two lowest go together.
    [Fact]
    public void Batch_elimination_takes_two_candidates_when_only_together_they_cannot_catch_up()
    {
        var r = Irv(Ranked("A,B,C,D", (1, "A"), (1, "B"), (5, "C"), (5, "D")), TallyRules.Default with { BatchElimination = true });
        Assert.Equal(["A", "B"], r.Rounds[0].Eliminated);
        Assert.Equal(["batch elimination of 2 candidates whose combined votes (2) are fewer than the next candidate's"], r.Rounds[0].Notes);
    }

    // 9 A; 4 B; 2 "W,B" with W the undeclared write-in: W is eliminated first and nobody is elected in round 1.
    [Fact]
    public void The_write_in_round_says_why_nobody_is_elected()
    {
        var r = Irv(Ranked("A,B,W", (9, "A"), (4, "B"), (2, "W,B")), TallyRules.Default with { UndeclaredWriteIn = "W" });
        Assert.Equal(["W (undeclared write-ins) holds 2 votes: eliminated first; nobody can be elected while it holds votes"], r.Rounds[0].Notes);
        Assert.Equal(("undeclaredWriteIn", "W"), r.RulesUsed.Select(p => (p.Key, p.Value)).Last());
    }

    // 6 A; 5 B; 3 C; 2 "D,C,B". Total 16, threshold 8. R1: D eliminated, 2 to C. R2: A6 B5 C5: B and C tie, round 1 had B5 C3,
    // so C goes: its own 3 exhaust and the 2 it received move on to B. R3: A6 B7: B wins. Ballots a candidate received must move on
    // when that candidate is eliminated in turn (without that, A would win 6 to 5).
    [Fact]
    public void Ballots_received_by_transfer_move_on_when_their_holder_is_eliminated()
    {
        var r = Irv(Ranked("A,B,C,D", (6, "A"), (5, "B"), (3, "C"), (2, "D,C,B")), TallyRules.Default);
        Assert.Equal(["C"], r.Rounds[1].Eliminated);
        AssertTransfer(Assert.Single(r.Rounds[1].Transfers), "C", ("B", 2m), (TransferFrom.Exhausted, 3m));
        Assert.Equal([6m, 7m, 0m, 0m], r.Rounds[2].Tally.Select(t => t.Value));
        Assert.Equal(["B"], r.Winners);
    }

    // 1 A; 1 B; 2 C; 2 D with batch elimination: A + B = 2 is not fewer than C's 2, so only one candidate goes (the tie A, B is
    // broken by candidate order: B).
    [Fact]
    public void Batch_elimination_needs_strictly_fewer_votes_than_the_next_candidate()
    {
        var r = Irv(Ranked("A,B,C,D", (1, "A"), (1, "B"), (2, "C"), (2, "D")), TallyRules.Default with { BatchElimination = true });
        Assert.Equal(["B"], r.Rounds[0].Eliminated);
    }

    [Fact]
    public void Two_candidates_end_the_count_at_once_even_when_it_continues_until_two_remain()
    {
        var r = Irv(Ranked("A,B", (3, "A"), (2, "B")), TallyRules.Default with { ContinueUntilTwoRemain = true });
        var round = Assert.Single(r.Rounds);
        Assert.Equal(["two candidates remain: A wins with 3 votes"], round.Notes);
    }

    [Fact]
    public void The_rules_used_name_the_options_that_were_set()
    {
        var r = Irv(Ranked("A,B", (3, "A"), (2, "B")), TallyRules.Default with { FirstRoundThreshold = true, MaxSkippedRanks = 2 });
        var used = r.RulesUsed.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("on", used["firstRoundThreshold"]);
        Assert.Equal("2", used["maxSkippedRanks"]);
    }

    [Fact]
    public void A_count_refuses_bad_ballots_before_bad_rules_and_names_missing_arguments()
    {
        var good = Ranked("A,B", (1, "A"));
        var negative = Ranked("A,B", (-1, "A"));
        var noSeats = TallyRules.Default with { Seats = 0 };
        Assert.Equal("ballot 1 has a negative weight (-1)", InstantRunoff.Count(negative, TallyRules.Default).Error?.Message);
        Assert.Equal("seats must be at least 1, not 0", InstantRunoff.Count(good, noSeats).Error?.Message);
        Assert.Equal("ballot 1 has a negative weight (-1)", InstantRunoff.Count(negative, noSeats).Error?.Message);
        Assert.Equal("election", Assert.Throws<ArgumentNullException>(() => InstantRunoff.Count(null!, TallyRules.Default)).ParamName);
        Assert.Equal("rules", Assert.Throws<ArgumentNullException>(() => InstantRunoff.Count(good, null!)).ParamName);
    }

    // 5 A; 4 B; 3 C; 1 "D,A|C,B". R1: D eliminated; its next rank names A and C, both continuing.
    //  always-skip-to-next-rank: the whole overvoted rank is passed over: B. exhaust-if-multiple-continuing: an overvote.
    [Fact]
    public void An_overvoted_rank_is_passed_over_as_a_whole_or_exhausts_when_two_of_it_continue()
    {
        var e = Ranked("A,B,C,D", (5, "A"), (4, "B"), (3, "C"), (1, "D,A|C,B"));
        var skip = Irv(e, TallyRules.Default with { Overvote = OvervoteRule.AlwaysSkipToNextRank });
        AssertTransfer(Assert.Single(skip.Rounds[0].Transfers), "D", ("B", 1m));
        var exhaust = Irv(e, TallyRules.Default with { Overvote = OvervoteRule.ExhaustIfMultipleContinuing });
        AssertTransfer(Assert.Single(exhaust.Rounds[0].Transfers), "D", (TransferFrom.Exhausted, 1m));
        Assert.Equal(new InactiveCounts(1, 0, 0, 0), exhaust.Rounds[1].Inactive);
    }

    // 5 A; 4 B; 3 C; 2 "D,A|E". R1: E (no votes) is eliminated. R2: D eliminated; its next rank names A and the eliminated E, so
    // under exhaust-if-multiple-continuing it counts for A, the first listed candidate: R3 A7.
    [Fact]
    public void An_overvoted_rank_with_one_continuing_candidate_counts_for_it_even_the_first_listed()
    {
        var r = Irv(Ranked("A,B,C,D,E", (5, "A"), (4, "B"), (3, "C"), (2, "D,A|E")), TallyRules.Default with { Overvote = OvervoteRule.ExhaustIfMultipleContinuing });
        Assert.Equal(["E"], r.Rounds[0].Eliminated);
        Assert.Equal(["D"], r.Rounds[1].Eliminated);
        AssertTransfer(Assert.Single(r.Rounds[1].Transfers), "D", ("A", 2m));
        Assert.Equal(7m, r.Rounds[2].Of("A"));
    }

    // 7 A; 3 B; 2 C; 1 "D,W", W the undeclared write-in, counting on until two remain. R1: threshold 13 / 2 = 6.5, A (7) wins and
    // the count goes on. R2: D eliminated, its ballot reaches W. R3: W holds 1 vote and is eliminated first, but a winner is
    // already known, so the note says nothing about nobody being elected. R4: C eliminated. R5: two remain, the count is complete.
    [Fact]
    public void A_write_in_reached_after_the_winner_is_known_is_eliminated_without_the_nobody_elected_clause()
    {
        var e = Ranked("A,B,C,D,W", (7, "A"), (3, "B"), (2, "C"), (1, "D,W"));
        var r = Irv(e, TallyRules.Default with { ContinueUntilTwoRemain = true, UndeclaredWriteIn = "W" });
        Assert.Equal(["A"], r.Winners);
        Assert.Equal(5, r.Rounds.Count);
        Assert.Equal(["D"], r.Rounds[1].Eliminated);
        AssertTransfer(Assert.Single(r.Rounds[1].Transfers), "D", ("W", 1m));
        Assert.Equal(["W"], r.Rounds[2].Eliminated);
        Assert.Equal(["W (undeclared write-ins) holds 1 votes: eliminated first"], r.Rounds[2].Notes);
        Assert.Equal(["C"], r.Rounds[3].Eliminated);
        Assert.Equal(["two candidates remain: the count is complete"], r.Rounds[4].Notes);
    }

    // Every candidate excluded by the rules: nobody continues from the start, so the single round says so and nobody wins.
    [Fact]
    public void With_no_continuing_candidate_the_count_ends_without_a_winner()
    {
        var r = Irv(Ranked("A,B", (1, "A")), TallyRules.Default with { Excluded = ["A", "B"] });
        Assert.Empty(r.Winners);
        var round = Assert.Single(r.Rounds);
        Assert.Equal(["no continuing candidates: no winner"], round.Notes);
        Assert.Empty(round.Elected);
        Assert.Equal(new InactiveCounts(0, 0, 1, 0), round.Inactive);
    }

    // At most 1 skipped rank. 4 B; 3 C; 1 "A,,,"; 1 "A,,,C". R1: A2 B4 C3, threshold 4.5: A eliminated. Both A ballots then skip
    // two ranks in a row: the one with C after the gap is inactive for skipped rankings; the one with nothing after it simply ran
    // out of choices. R2: two remain, B wins with 4.
    [Fact]
    public void Too_many_skipped_ranks_with_nothing_after_them_is_an_exhausted_ballot_not_a_skipped_one()
    {
        var e = Ranked("A,B,C", (4, "B"), (3, "C"), (1, "A,,,"), (1, "A,,,C"));
        var r = Irv(e, TallyRules.Default with { MaxSkippedRanks = 1 });
        Assert.Equal(["B"], r.Winners);
        Assert.Equal(["A"], r.Rounds[0].Eliminated);
        AssertTransfer(Assert.Single(r.Rounds[0].Transfers), "A", (TransferFrom.Exhausted, 2m));
        Assert.Equal(new InactiveCounts(0, 1, 1, 0), r.Rounds[1].Inactive);
        Assert.Equal(["two candidates remain: B wins with 4 votes"], r.Rounds[1].Notes);
    }

    // A candidate marked twice in one rank is one mark (overvote rule "exhaust if several continuing", repeated rankings
    // exhausting). 3 B; 2 C; 1 "A|A,B". R1: A1 B3 C2, threshold 3: A eliminated; its ballot resumes at the rank after "A|A"
    // and reaches B. R2: B wins with 4.
    [Fact]
    public void A_ballot_resumes_after_the_whole_rank_it_counted_at()
    {
        var e = Ranked("A,B,C", (3, "B"), (2, "C"), (1, "A|A,B"));
        var r = Irv(e, TallyRules.Default with { Overvote = OvervoteRule.ExhaustIfMultipleContinuing, Duplicate = DuplicateRule.Exhaust });
        Assert.Equal(["B"], r.Winners);
        AssertTransfer(Assert.Single(r.Rounds[0].Transfers), "A", ("B", 1m));
        Assert.Equal(["two candidates remain: B wins with 4 votes"], r.Rounds[1].Notes);
    }
}
