using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// A Scottish STV count read in full on a hand-counted election (every stage's quota, tally, transfer, residual, inactive
/// votes and notes), and the seat checks of both STV methods. Written where mutation testing (docs/quality.md) looked for
/// edits of the count that change only what the result says.
/// </summary>
public sealed class StvCountingTests
{
    private static void AssertTransfer(TransferFrom transfer, string from, params (string Name, decimal Value)[] to)
    {
        Assert.Equal(from, transfer.From);
        Assert.Equal(to, transfer.To.Select(t => (t.Name, t.Value)));
    }

    // 6 "A,B"; 2 B; 3 C; 1 "D,C"; 2 seats. Valid 12, quota floor(12 / 3) + 1 = 5.
    // Stage 1: A6 B2 C3 D1: A elected; surplus 1 of 6: each "A,B" paper is worth 1/6 truncated = 0.16666, 6 x 0.16666 = 0.99996
    //          to B; residual 0.00004. Stage 2: A5 B2.99996 C3 D1: D excluded, 1 to C. Stage 3: A5 B2.99996 C4: B excluded, all
    //          2.99996 exhaust. Stage 4: C is the only continuing candidate for the last seat: elected.
    [Fact]
    public void Every_stage_is_reported_with_its_transfers_residual_and_notes()
    {
        var e = Ranked("A,B,C,D", (6, "A,B"), (2, "B"), (3, "C"), (1, "D,C"));
        var r = Ok(ScottishStv.Count(e, TallyRules.Default with { Seats = 2 }));
        Assert.Equal(TallyMethod.StvScottish, r.Method);
        Assert.Equal(2, r.Seats);
        Assert.Equal(["A", "C"], r.Winners);
        Assert.Equal([1, 2, 3, 4], r.Rounds.Select(x => x.Round));
        Assert.All(r.Rounds, x => Assert.Equal(5m, x.Threshold));

        var s1 = r.Rounds[0];
        Assert.Equal([6m, 2m, 3m, 1m], s1.Tally.Select(t => t.Value));
        Assert.Equal(["A"], s1.Elected);
        Assert.Empty(s1.Eliminated);
        AssertTransfer(Assert.Single(s1.Transfers), "A", ("B", 0.99996m));
        Assert.Equal(0m, s1.Residual);
        Assert.Equal(["surplus of A (1) transferred at 6 votes"], s1.Notes);

        var s2 = r.Rounds[1];
        Assert.Equal([5m, 2.99996m, 3m, 1m], s2.Tally.Select(t => t.Value));
        Assert.Equal(["D"], s2.Eliminated);
        Assert.Empty(s2.Elected);
        AssertTransfer(Assert.Single(s2.Transfers), "D", ("C", 1m));
        Assert.Equal(0.00004m, s2.Residual);
        Assert.Empty(s2.Notes);

        var s3 = r.Rounds[2];
        Assert.Equal([5m, 2.99996m, 4m, 0m], s3.Tally.Select(t => t.Value));
        Assert.Equal(["B"], s3.Eliminated);
        AssertTransfer(Assert.Single(s3.Transfers), "B", (TransferFrom.Exhausted, 2.99996m));

        var s4 = r.Rounds[3];
        Assert.Equal([5m, 0m, 4m, 0m], s4.Tally.Select(t => t.Value));
        Assert.Equal(["C"], s4.Elected);
        Assert.Empty(s4.Eliminated);
        Assert.Empty(s4.Transfers);
        Assert.Equal(new InactiveCounts(0, 0, 2.99996m, 0), s4.Inactive);
        Assert.Equal(0.00004m, s4.Residual);
        Assert.Equal(["the continuing candidates are as many as the seats left: all are elected"], s4.Notes);

        Assert.Equal(
            [
                ("quota", "droop (floor(valid / (seats + 1)) + 1)"), ("transferValues", "weighted inclusive gregory, truncated to 5 decimals"),
                ("overvote", TallyRules.Name(OvervoteRule.ExhaustImmediately)), ("maxSkippedRanks", "unlimited"),
                ("duplicate", TallyRules.Name(DuplicateRule.Skip)), ("tieBreak", TallyRules.Name(TieBreakRule.PreviousRoundsThenCandidateOrder)),
            ],
            r.RulesUsed.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void Both_stv_methods_refuse_more_seats_than_standing_candidates()
    {
        var e = Ranked("A,B,C", (2, "A"), (1, "B"));
        var rules = TallyRules.Default with { Seats = 4 };
        Assert.Equal("cannot fill 4 seat(s) from 3 candidate(s)", ScottishStv.Count(e, rules).Error?.Message);
        Assert.Equal("cannot fill 4 seat(s) from 3 candidate(s)", MeekStv.Count(e, rules).Error?.Message);
        // The write-in stands for no seat: three names, two candidates.
        var writeIn = TallyRules.Default with { Seats = 3, UndeclaredWriteIn = "C" };
        Assert.Equal("cannot fill 3 seat(s) from 2 candidate(s)", ScottishStv.Count(e, writeIn).Error?.Message);
        Assert.Equal("cannot fill 3 seat(s) from 2 candidate(s)", MeekStv.Count(e, writeIn).Error?.Message);
        Assert.Equal(["A", "B"], Ok(ScottishStv.Count(e, TallyRules.Default with { Seats = 2, UndeclaredWriteIn = "C" })).Winners);
    }

    // 3 seats; 4 "A,C"; 4 "B,C"; 1 C; 2 D. Valid 11, quota floor(11 / 4) + 1 = 3.
    // Stage 1: A4 B4 C1 D2: A and B reach the quota with equal votes; the tie-break (no earlier stage: candidate order) elects A
    //          first, and again takes A's surplus first: 1 of 4, each "A,B" paper worth 1/4, so 1 to C.
    // Stage 2: A3 B4 C2 D2: B's surplus of 1 goes to C. Stage 3: A3 B3 C3 D2: C reaches the quota and fills the last seat.
    [Fact]
    public void Equal_surpluses_are_transferred_in_tie_break_order_one_per_stage()
    {
        var r = Ok(ScottishStv.Count(Ranked("A,B,C,D", (4, "A,C"), (4, "B,C"), (1, "C"), (2, "D")), TallyRules.Default with { Seats = 3 }));
        Assert.Equal(["A", "B", "C"], r.Winners);
        Assert.Equal(3, r.Rounds.Count);
        Assert.All(r.Rounds, x => Assert.Equal(3m, x.Threshold));
        Assert.Equal(["A", "B"], r.Rounds[0].Elected);
        Assert.Equal(
            [
                "tie between A, B broken by candidate order: A chosen to favour",
                "tie between A, B broken by candidate order: A chosen to favour",
                "surplus of A (1) transferred at 4 votes",
            ],
            r.Rounds[0].Notes);
        AssertTransfer(Assert.Single(r.Rounds[0].Transfers), "A", ("C", 1m));
        Assert.Equal([3m, 4m, 2m, 2m], r.Rounds[1].Tally.Select(t => t.Value));
        Assert.Equal(["surplus of B (1) transferred at 4 votes"], r.Rounds[1].Notes);
        AssertTransfer(Assert.Single(r.Rounds[1].Transfers), "B", ("C", 1m));
        Assert.Equal([3m, 3m, 3m, 2m], r.Rounds[2].Tally.Select(t => t.Value));
        Assert.Equal(["C"], r.Rounds[2].Elected);
        Assert.Empty(r.Rounds[2].Notes);
    }

    // 2 seats; 3 A; 3 B; 2 C; 1 "D,B". Valid 9, quota floor(9 / 3) + 1 = 4.
    // Stage 1: nobody reaches 4; D (1) is excluded and its paper goes to B. Stage 2: B has exactly the quota: elected with no
    // surplus to transfer, so the stage goes on to exclude C, whose papers exhaust. Stage 3: A is the only one left for the last seat.
    [Fact]
    public void A_candidate_elected_with_exactly_the_quota_has_no_surplus_stage()
    {
        var r = Ok(ScottishStv.Count(Ranked("A,B,C,D", (3, "A"), (3, "B"), (2, "C"), (1, "D,B")), TallyRules.Default with { Seats = 2 }));
        Assert.Equal(["B", "A"], r.Winners);
        Assert.Equal(3, r.Rounds.Count);
        Assert.Equal(["D"], r.Rounds[0].Eliminated);
        AssertTransfer(Assert.Single(r.Rounds[0].Transfers), "D", ("B", 1m));
        Assert.Equal(["B"], r.Rounds[1].Elected);
        Assert.Equal(["C"], r.Rounds[1].Eliminated);
        AssertTransfer(Assert.Single(r.Rounds[1].Transfers), "C", (TransferFrom.Exhausted, 2m));
        Assert.Equal(["A"], r.Rounds[2].Elected);
    }

    // 2 seats; 3 A; 2 B; 2 C; 2 D. Valid 9, quota 4: nobody ever reaches it.
    // Stage 1: B, C and D tie at 2 with no earlier stage: the later-listed D is excluded (its papers exhaust).
    // Stage 2: B and C still tie, and tied at stage 1 too: C is excluded. Stage 3: A and B are as many as the seats left and
    // are elected together, the one with more votes first.
    [Fact]
    public void Continuing_candidates_as_many_as_the_seats_left_are_elected_most_votes_first()
    {
        var r = Ok(ScottishStv.Count(Ranked("A,B,C,D", (3, "A"), (2, "B"), (2, "C"), (2, "D")), TallyRules.Default with { Seats = 2 }));
        Assert.Equal(["A", "B"], r.Winners);
        Assert.Equal(["tie between B, C, D broken by candidate order: D chosen to eliminate"], r.Rounds[0].Notes);
        Assert.Equal(["tie between B, C broken by candidate order: C chosen to eliminate"], r.Rounds[1].Notes);
        Assert.Equal(["A", "B"], r.Rounds[2].Elected);
        Assert.Equal(["the continuing candidates are as many as the seats left: all are elected"], r.Rounds[2].Notes);

        var flipped = Ok(ScottishStv.Count(Ranked("A,B,C,D", (2, "A"), (3, "B"), (2, "C"), (2, "D")), TallyRules.Default with { Seats = 2 }));
        Assert.Equal(["B", "A"], flipped.Winners);
    }

    // Meek, 1 seat; 4 A; 3 B; 2 "C,B". Total 9, quota 9 / 2 truncated to 9 places plus one unit: 4.500000001.
    // Round 1: nobody is elected and nobody has a surplus (0 is below omega): C, the lowest, is defeated.
    // Round 2: C's 2 reach B: B 5 is elected. The count is complete: A, still hopeful, is defeated.
    [Fact]
    public void Meek_rounds_report_quota_defeats_net_transfers_and_the_completed_count()
    {
        var r = Ok(MeekStv.Count(Ranked("A,B,C", (4, "A"), (3, "B"), (2, "C,B")), TallyRules.Default));
        Assert.Equal(TallyMethod.StvMeek, r.Method);
        Assert.Equal(["B"], r.Winners);
        Assert.Equal(2, r.Rounds.Count);
        var r1 = r.Rounds[0];
        Assert.Equal(1, r1.Round);
        Assert.Equal(4.500000001m, r1.Threshold);
        Assert.Equal([4m, 3m, 2m], r1.Tally.Select(t => t.Value));
        Assert.Equal(["C"], r1.Eliminated);
        Assert.Empty(r1.Elected);
        Assert.Empty(r1.Transfers);
        Assert.Equal(0m, r1.Residual);
        Assert.Empty(r1.KeepFactors!);
        Assert.Equal(1, r1.Iterations);
        Assert.Equal(["surplus 0 is below omega 0.000001: lowest candidate defeated"], r1.Notes);

        var r2 = r.Rounds[1];
        Assert.Equal(2, r2.Round);
        Assert.Equal([4m, 5m, 0m], r2.Tally.Select(t => t.Value));
        Assert.Equal(["B"], r2.Elected);
        Assert.Equal(["A"], r2.Eliminated);
        AssertTransfer(Assert.Single(r2.Transfers), "C", ("B", 2m));
        Assert.Equal([("B", 1m)], r2.KeepFactors!.Select(k => (k.Name, k.Value)));
        Assert.Equal(["count complete: remaining hopeful candidates defeated"], r2.Notes);
        Assert.Equal(
            [("precision", "9"), ("omega", "0.000001"), ("overvote", TallyRules.Name(OvervoteRule.ExhaustImmediately)), ("maxSkippedRanks", "unlimited"),
                ("duplicate", TallyRules.Name(DuplicateRule.Skip)), ("tieBreak", TallyRules.Name(TieBreakRule.PreviousRoundsThenCandidateOrder))],
            r.RulesUsed.Select(p => (p.Key, p.Value)));
    }

    // Meek, 2 seats; 8 "A,C"; 3 B; 4 C. Total 15, quota 5.000000001. Round 1: A (8) is elected at once.
    // Round 2, iteration 1: A's surplus 2.999999999 is above omega, so A's keep factor becomes 5.000000001 / 8 = 0.625000000125,
    // rounded up to 0.625000001. Iteration 2: A keeps 8 x 0.625000001 = 5.000000008 and passes 8 x 0.374999999 = 2.999999992
    // to C, who reaches 6.999999992 and is elected. B, still hopeful, is defeated when the count completes.
    [Fact]
    public void Meek_keep_factors_are_rounded_up_and_the_surplus_moves_on()
    {
        var r = Ok(MeekStv.Count(Ranked("A,B,C", (8, "A,C"), (3, "B"), (4, "C")), TallyRules.Default with { Seats = 2 }));
        Assert.Equal(["A", "C"], r.Winners);
        Assert.Equal(2, r.Rounds.Count);
        Assert.Equal(["A"], r.Rounds[0].Elected);
        Assert.Equal(1, r.Rounds[0].Iterations);
        Assert.Equal([("A", 1m)], r.Rounds[0].KeepFactors!.Select(k => (k.Name, k.Value)));

        var r2 = r.Rounds[1];
        Assert.Equal(5.000000001m, r2.Threshold);
        Assert.Equal([5.000000008m, 3m, 6.999999992m], r2.Tally.Select(t => t.Value));
        Assert.Equal(["C"], r2.Elected);
        Assert.Equal(["B"], r2.Eliminated);
        Assert.Equal(2, r2.Iterations);
        Assert.Equal([("A", 0.625000001m), ("C", 1m)], r2.KeepFactors!.Select(k => (k.Name, k.Value)));
        AssertTransfer(Assert.Single(r2.Transfers), "A", ("C", 2.999999992m));
        Assert.Equal(0m, r2.Residual);
    }

    // As many standing candidates as seats: Meek counts no round and elects them all; Scottish STV elects A on the quota
    // (floor(3 / 3) + 1 = 2) and B as the last continuing candidate.
    [Fact]
    public void As_many_candidates_as_seats_are_all_elected()
    {
        var e = Ranked("A,B", (2, "A"), (1, "B"));
        var meek = Ok(MeekStv.Count(e, TallyRules.Default with { Seats = 2 }));
        Assert.Equal(["A", "B"], meek.Winners);
        var round = Assert.Single(meek.Rounds);
        Assert.Equal(1, round.Round);
        Assert.Equal(["A", "B"], round.Elected);
        Assert.Equal([0m, 0m], round.Tally.Select(t => t.Value));
        Assert.Equal(["as many hopeful candidates as seats: all elected"], round.Notes);

        var scottish = Ok(ScottishStv.Count(e, TallyRules.Default with { Seats = 2 }));
        Assert.Equal(["A", "B"], scottish.Winners);
        Assert.Equal(["A", "B"], Assert.Single(scottish.Rounds).Elected);
    }

    private static Outcome<TallyResult> CountBy(string method, RankedElection? e, TallyRules? rules) => method switch
    {
        "scottish" => ScottishStv.Count(e!, rules!),
        "meek" => MeekStv.Count(e!, rules!),
        _ => Schulze.Count(e!, rules!),
    };

    [Theory]
    [InlineData("scottish")]
    [InlineData("meek")]
    [InlineData("schulze")]
    public void Ranked_counts_refuse_bad_ballots_before_bad_rules_and_name_missing_arguments(string method)
    {
        var good = Ranked("A,B", (2, "A"), (1, "B"));
        var negative = Ranked("A,B", (-1, "A"), (1, "B"));
        var badRules = TallyRules.Default with { Seats = 0 };
        Assert.True(CountBy(method, good, TallyRules.Default).Ok);
        Assert.Equal("ballot 1 has a negative weight (-1)", CountBy(method, negative, TallyRules.Default).Error?.Message);
        Assert.Equal("seats must be at least 1, not 0", CountBy(method, good, badRules).Error?.Message);
        Assert.Equal("ballot 1 has a negative weight (-1)", CountBy(method, negative, badRules).Error?.Message);
        Assert.Equal("election", Assert.Throws<ArgumentNullException>(() => CountBy(method, null, TallyRules.Default)).ParamName);
        Assert.Equal("rules", Assert.Throws<ArgumentNullException>(() => CountBy(method, good, null)).ParamName);
        Assert.Null(Ok(CountBy(method, good, TallyRules.Default)).Seed);
        Assert.Equal(42UL, Ok(CountBy(method, good, TallyRules.Default with { TieBreak = TieBreakRule.Random, Seed = 42 })).Seed);
    }

    // 1 seat; 3 A; 2 B; 2 "A|B". The overvoted papers name no valid first preference: they are rejected, so the valid vote is
    // 5 and the quota floor(5 / 2) + 1 = 3, which A reaches at once.
    [Fact]
    public void Papers_without_a_valid_first_preference_are_left_out_of_the_quota()
    {
        var r = Ok(ScottishStv.Count(Ranked("A,B", (3, "A"), (2, "B"), (2, "A|B")), TallyRules.Default));
        Assert.Equal(["A"], r.Winners);
        var s1 = Assert.Single(r.Rounds);
        Assert.Equal(3m, s1.Threshold);
        Assert.Equal(new InactiveCounts(2, 0, 0, 0), s1.Inactive);
    }

    // 1 seat, the write-in W listed first; 2 A; 3 B; 1 "W,A". Valid 6, quota 4. Stage 1: W holds 1 vote: excluded first, its
    // paper to A. Stage 2: A3 B3 tie; at stage 1 A had fewer (2 against 3), so A is excluded (candidate order would have taken
    // B). Stage 3: B is the last continuing candidate.
    [Fact]
    public void A_write_in_listed_first_is_excluded_first_and_its_stage_counts_for_later_ties()
    {
        var r = Ok(ScottishStv.Count(Ranked("W,A,B", (2, "A"), (3, "B"), (1, "W,A")), TallyRules.Default with { UndeclaredWriteIn = "W" }));
        Assert.Equal(["B"], r.Winners);
        Assert.Equal(["W"], r.Rounds[0].Eliminated);
        Assert.Equal(["W (undeclared write-ins) holds 1 votes: excluded first; nobody can be elected while it holds votes"], r.Rounds[0].Notes);
        Assert.Equal(["A"], r.Rounds[1].Eliminated);
        Assert.Equal(["tie between A, B broken by the tally of round 1: A chosen to eliminate"], r.Rounds[1].Notes);
        Assert.Equal(3, r.Rounds.Count);

        // A write-in nobody voted for takes no stage of its own.
        var unused = Ok(ScottishStv.Count(Ranked("W,A,B", (3, "A"), (1, "B")), TallyRules.Default with { UndeclaredWriteIn = "W" }));
        Assert.Equal(["A"], Assert.Single(unused.Rounds).Elected);
    }

    // One candidate for one seat: elected on the quota (floor(1 / 2) + 1 = 1), with no continuing candidate left to mention.
    [Fact]
    public void A_seat_filled_on_the_quota_adds_no_note_about_continuing_candidates()
    {
        var r = Ok(ScottishStv.Count(Ranked("A", (1, "A")), TallyRules.Default));
        var s1 = Assert.Single(r.Rounds);
        Assert.Equal(["A"], s1.Elected);
        Assert.Empty(s1.Notes);
    }

    // 2 seats; 2 A; 2 B; 1 C; 1 D; quota 3. D then C are excluded; A and B, equal, are elected together in candidate order.
    [Fact]
    public void Continuing_candidates_with_equal_votes_are_elected_in_candidate_order()
    {
        var r = Ok(ScottishStv.Count(Ranked("A,B,C,D", (2, "A"), (2, "B"), (1, "C"), (1, "D")), TallyRules.Default with { Seats = 2 }));
        Assert.Equal(["A", "B"], r.Winners);
        Assert.Equal(["A", "B"], r.Rounds[^1].Elected);
    }

    // Meek, 1 seat; 5 A; 4 B; 2 C; 1 D. Total 12.
    // Round 1: quota 12 / 2 + one unit = 6.000000001; nobody reaches it, surplus 0: D (1), the lowest, is defeated.
    // Round 2: D's paper reaches nobody and is exhausted (1). Counted 11, quota 5.500000001; nobody reaches it: C (2) is defeated.
    // Round 3: C's two papers (one path of weight 2) are exhausted too: 3 in all, a net change of 2 since round 2. Counted 9,
    // quota 4.500000001: A (5) is elected and B, still hopeful, is defeated. Every round's residual is 12 - counted - exhausted = 0.
    [Fact]
    public void Meek_rounds_report_exhausted_votes_and_their_net_change()
    {
        var r = Ok(MeekStv.Count(Ranked("A,B,C,D", (5, "A"), (4, "B"), (2, "C"), (1, "D")), TallyRules.Default));
        Assert.Equal(["A"], r.Winners);
        Assert.Equal(3, r.Rounds.Count);
        Assert.Equal([6.000000001m, 5.500000001m, 4.500000001m], r.Rounds.Select(x => x.Threshold));
        Assert.Equal([[5m, 4m, 2m, 1m], [5m, 4m, 2m, 0m], [5m, 4m, 0m, 0m]], r.Rounds.Select(x => x.Tally.Select(t => t.Value).ToArray()));
        Assert.Equal([InactiveCounts.None, new InactiveCounts(0, 0, 1, 0), new InactiveCounts(0, 0, 3, 0)], r.Rounds.Select(x => x.Inactive));
        Assert.Equal([0m, 0m, 0m], r.Rounds.Select(x => x.Residual));
        Assert.Empty(r.Rounds[0].Transfers);
        AssertTransfer(Assert.Single(r.Rounds[1].Transfers), "D", (TransferFrom.Exhausted, 1m));
        AssertTransfer(Assert.Single(r.Rounds[2].Transfers), "C", (TransferFrom.Exhausted, 2m));
        Assert.Equal(["D"], r.Rounds[0].Eliminated);
        Assert.Equal(["C"], r.Rounds[1].Eliminated);
        Assert.Equal(["A"], r.Rounds[2].Elected);
        Assert.Equal(["B"], r.Rounds[2].Eliminated);
        Assert.Equal(["count complete: remaining hopeful candidates defeated"], r.Rounds[2].Notes);
    }

    // Meek, 1 seat, the write-in W listed first; 2 A; 3 B; 1 "W,A". Total 6, quota 3.000000001.
    // Round 1: W holds 1 vote: defeated first, alone, though B (3) is not even the question. Round 2: W's paper reaches A: A 3, B 3,
    // nobody reaches the quota, surplus 0; A and B tie for lowest and round 1's tally (A 2, B 3) defeats A (candidate order would
    // have defeated B). B, the only hopeful candidate left for the seat, is elected when the count completes.
    [Fact]
    public void A_meek_write_in_listed_first_is_defeated_first_and_its_round_counts_for_later_ties()
    {
        var rules = TallyRules.Default with { UndeclaredWriteIn = "W" };
        var r = Ok(MeekStv.Count(Ranked("W,A,B", (2, "A"), (3, "B"), (1, "W,A")), rules));
        Assert.Equal(["B"], r.Winners);
        Assert.Equal(2, r.Rounds.Count);
        Assert.Equal(3.000000001m, r.Rounds[0].Threshold);
        Assert.Equal(["W"], r.Rounds[0].Eliminated);
        Assert.Empty(r.Rounds[0].Elected);
        Assert.Equal(["W (undeclared write-ins) holds 1 votes: defeated first; nobody can be elected while it holds votes"], r.Rounds[0].Notes);
        var r2 = r.Rounds[1];
        AssertTransfer(Assert.Single(r2.Transfers), "W", ("A", 1m));
        Assert.Equal(["A"], r2.Eliminated);
        Assert.Equal(["B"], r2.Elected);
        Assert.Equal(
            ["tie between A, B broken by the tally of round 1: A chosen to eliminate", "surplus 0 is below omega 0.000001: lowest candidate defeated",
                "count complete: remaining hopeful candidates elected"],
            r2.Notes);

        // A write-in nobody voted for takes no round: 3 A; 1 B; quota 4 / 2 + one unit = 2.000000001, A is elected at once.
        var unused = Ok(MeekStv.Count(Ranked("W,A,B", (3, "A"), (1, "B")), rules));
        var only = Assert.Single(unused.Rounds);
        Assert.Equal(["A"], only.Elected);
        Assert.Equal(["B"], only.Eliminated);
    }

    // Meek, 1 seat; A 2.000000001; B 2. Total 4.000000001: ÷ 2 truncated to 9 places is 2, plus one unit: the quota is
    // 2.000000001, exactly A's votes. Reaching the quota elects: A in round 1, with keep factor 1 (had only votes above the
    // quota counted, B would have been defeated as the lowest and A elected to fill the seat, with other notes).
    [Fact]
    public void A_meek_candidate_with_exactly_the_quota_is_elected()
    {
        var r = Ok(MeekStv.Count(Ranked("A,B", (2.000000001m, "A"), (2, "B")), TallyRules.Default));
        var round = Assert.Single(r.Rounds);
        Assert.Equal(2.000000001m, round.Threshold);
        Assert.Equal(["A"], round.Elected);
        Assert.Equal(["B"], round.Eliminated);
        Assert.Equal([("A", 1m)], round.KeepFactors!.Select(k => (k.Name, k.Value)));
        Assert.Equal(["count complete: remaining hopeful candidates defeated"], round.Notes);
    }

    // Meek, 3 seats; 5 "A,C"; 4 B; 1 C; 1 D. Total 11, quota 11 / 4 + one unit = 2.750000001.
    // Round 1: A (5) and B (4) both reach it: elected together, most votes first. Round 2, iteration 1: surplus
    // 2.249999999 + 1.249999999 = 3.499999998: keep factors A 2.750000001 / 5 = 0.5500000002 -> 0.550000001, B 2.750000001 / 4
    // = 0.68750000025 -> 0.687500001 (rounded up). Iteration 2: A keeps 5 x 0.550000001 = 2.750000005 and passes
    // 5 x 0.449999999 = 2.249999995 to C (3.249999995); B keeps 2.750000004 and 1.249999996 is exhausted. Counted 9.750000004,
    // quota 2.437500001 + one unit = 2.437500002: C is elected. The round's changes come from "A + B", elected together.
    [Fact]
    public void Meek_candidates_elected_together_go_most_votes_first_and_pass_their_surplus_together()
    {
        var r = Ok(MeekStv.Count(Ranked("A,B,C,D", (5, "A,C"), (4, "B"), (1, "C"), (1, "D")), TallyRules.Default with { Seats = 3 }));
        Assert.Equal(["A", "B", "C"], r.Winners);
        Assert.Equal(2, r.Rounds.Count);
        Assert.Equal(2.750000001m, r.Rounds[0].Threshold);
        Assert.Equal(["A", "B"], r.Rounds[0].Elected);
        var r2 = r.Rounds[1];
        Assert.Equal(2, r2.Iterations);
        Assert.Equal(2.437500002m, r2.Threshold);
        Assert.Equal([2.750000005m, 2.750000004m, 3.249999995m, 1m], r2.Tally.Select(t => t.Value));
        Assert.Equal(["C"], r2.Elected);
        Assert.Equal(["D"], r2.Eliminated);
        Assert.Equal([("A", 0.550000001m), ("B", 0.687500001m), ("C", 1m)], r2.KeepFactors!.Select(k => (k.Name, k.Value)));
        AssertTransfer(Assert.Single(r2.Transfers), "A + B",
            ("A", -2.249999995m), ("B", -1.249999996m), ("C", 2.249999995m), (TransferFrom.Exhausted, 1.249999996m));
        Assert.Equal(new InactiveCounts(0, 0, 1.249999996m, 0), r2.Inactive);
    }

    // Meek, 1 seat; 4 A; 3 B; 2 "C,B", stopped after round 1 (C defeated): the round says why the count stopped, and nobody
    // is elected or defeated to complete it.
    [Fact]
    public void A_meek_count_stopped_after_a_round_says_so_and_completes_nothing()
    {
        var r = Ok(MeekStv.Count(Ranked("A,B,C", (4, "A"), (3, "B"), (2, "C,B")), TallyRules.Default with { StopAfterRound = 1 }));
        Assert.Empty(r.Winners);
        var round = Assert.Single(r.Rounds);
        Assert.Equal(["C"], round.Eliminated);
        Assert.Empty(round.Elected);
        Assert.Equal(["surplus 0 is below omega 0.000001: lowest candidate defeated", "the count stops after round 1, as the rules ask"], round.Notes);
    }
}
