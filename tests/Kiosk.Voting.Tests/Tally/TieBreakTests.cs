using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// How each tie-break rule chooses and what it writes into the round's notes, to the word: a tie decides a result, so the
/// result must say how. The seeded lot is checked against SplitMix64 computed here from its published constants. Written where
/// mutation testing (docs/quality.md) found edits of the tie-break that no test noticed.
/// </summary>
public sealed class TieBreakTests
{
    // 4 A; 2 "B,C"; 3 "C,B"; 1 "D,B". R1: A4 B2 C3 D1 -> D eliminated, its ballot goes to B. R2: A4 B3 C3: B and C tie for last.
    private static readonly RankedElection s_tie = Ranked("A,B,C,D", (4, "A"), (2, "B,C"), (3, "C,B"), (1, "D,B"));

    private static IReadOnlyList<string> SecondRoundNotes(RankedElection e, TallyRules rules) => Ok(InstantRunoff.Count(e, rules)).Rounds[1].Notes;

    [Fact]
    public void Previous_rounds_eliminate_whoever_had_fewer_votes_in_the_latest_round_that_differs()
    {
        Assert.Equal(["tie between B, C broken by the tally of round 1: B chosen to eliminate"], SecondRoundNotes(s_tie, TallyRules.Default));
    }

    // 4 A; 1 "B,C"; 1 "C,B"; 1 "D,B"; 1 "E,C". R1: A4 B1 C1 D1 E1: four-way tie with no earlier round: candidate order, E goes
    // (its ballot moves to C). R2: A4 B1 C2 D1: B and D tie; round 1 had them equal too, so candidate order again: D goes.
    [Fact]
    public void Previous_rounds_that_are_all_equal_fall_back_to_candidate_order()
    {
        var e = Ranked("A,B,C,D,E", (4, "A"), (1, "B,C"), (1, "C,B"), (1, "D,B"), (1, "E,C"));
        var r = Ok(InstantRunoff.Count(e, TallyRules.Default));
        Assert.Equal(["tie between B, C, D, E broken by candidate order: E chosen to eliminate"], r.Rounds[0].Notes);
        Assert.Equal(["tie between B, D broken by candidate order: D chosen to eliminate"], r.Rounds[1].Notes);
    }

    [Fact]
    public void Candidate_order_eliminates_the_later_listed_and_favours_the_earlier_listed()
    {
        Assert.Equal(["tie between B, C broken by candidate order: C chosen to eliminate"],
            SecondRoundNotes(s_tie, TallyRules.Default with { TieBreak = TieBreakRule.CandidateOrder }));
        // Approval, one seat: B and C both hold 2.
        var approval = Ok(TopChoices.Approval(new ChoiceElection(["A", "B", "C"], [new([1], 2), new([2], 2), new([0], 1)]),
            TallyRules.Default with { TieBreak = TieBreakRule.CandidateOrder }));
        Assert.Equal(["B"], approval.Winners);
        Assert.Equal(["tie between B, C broken by candidate order: B chosen to favour"], approval.Rounds[0].Notes);
    }

    // 2 A; 1 B; 1 C with [tie 2 3 1]: B is earliest in the file's order, so B is chosen, whatever the purpose.
    [Fact]
    public void A_files_tie_order_chooses_the_earliest_in_it()
    {
        var e = Ranked("A,B,C", (2, "A"), (1, "B"), (1, "C")) with { TieOrder = [1, 2, 0] };
        var r = Ok(InstantRunoff.Count(e, TallyRules.Default with { TieBreak = TieBreakRule.CandidateOrder }));
        Assert.Equal(["B"], r.Rounds[0].Eliminated);
        Assert.Equal(["tie between B, C broken by the file's [tie] order: B chosen to eliminate"], r.Rounds[0].Notes);
        var reversed = Ok(InstantRunoff.Count(e with { TieOrder = [2, 1, 0] }, TallyRules.Default with { TieBreak = TieBreakRule.CandidateOrder }));
        Assert.Equal(["C"], reversed.Rounds[0].Eliminated);
    }

    // 4 A; 2 "B,C"; 2 "C,B"; 1 D. R1: D eliminated alone. R2: A4 B2 C2: the first draw of the seeded lot picks among [B, C].
    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(42UL)]
    [InlineData(ulong.MaxValue)]
    public void The_seeded_lot_draws_splitmix64s_first_number(ulong seed)
    {
        var e = Ranked("A,B,C,D", (4, "A"), (2, "B,C"), (2, "C,B"), (1, "D"));
        var r = Ok(InstantRunoff.Count(e, TallyRules.Default with { TieBreak = TieBreakRule.Random, Seed = seed }));
        var drawn = SplitMix64First(seed) % 2 == 0 ? "B" : "C";
        Assert.Equal([drawn], r.Rounds[1].Eliminated);
        Assert.Equal([$"tie between B, C broken by lot (seeded): {drawn} chosen to eliminate"], r.Rounds[1].Notes);
        Assert.Equal(seed, r.Seed);
        Assert.Equal(("tieBreak", TallyRules.Name(TieBreakRule.Random)), r.RulesUsed.Select(p => (p.Key, p.Value)).Single(p => p.Key == "tieBreak"));
    }

    [Fact]
    public void The_seeded_lot_over_three_candidates_uses_the_remainder_of_three()
    {
        // Approval, one seat, A, B and C all hold 1: the pick is [A, B, C][first % 3].
        for (var seed = 0UL; seed < 6; seed++)
        {
            var r = Ok(TopChoices.Approval(new ChoiceElection(["A", "B", "C"], [new([0], 1), new([1], 1), new([2], 1)]),
                TallyRules.Default with { TieBreak = TieBreakRule.Random, Seed = seed }));
            var drawn = new[] { "A", "B", "C" }[SplitMix64First(seed) % 3];
            Assert.Equal([drawn], r.Winners);
            Assert.Equal([$"tie between A, B, C broken by lot (seeded): {drawn} chosen to favour"], r.Rounds[0].Notes);
        }
    }

    // SplitMix64 (Steele, Lea & Flood 2014), the reference: state += golden gamma, then two xor-shift-multiply steps.
    private static ulong SplitMix64First(ulong seed)
    {
        var z = unchecked(seed + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
