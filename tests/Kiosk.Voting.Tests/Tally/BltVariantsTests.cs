using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>What real BLT files carry: droop's option lines, text after the title, equal rankings, and the errors for what is wrong.</summary>
public sealed class BltVariantsTests
{
    private static TallyError Fails(TallyMethod method, string blt)
    {
        var r = Kiosk.Voting.Tally.Tally.Run(method, blt, "e.blt", TallyRules.Default);
        Assert.False(r.Ok);
        Assert.Equal("e.blt", r.Error!.Source);
        return r.Error;
    }

    [Fact]
    public void Text_after_the_title_is_ignored()
    {
        var r = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, "2 1\n3 1 0\n1 2 0\n0\n\"A\"\n\"B\"\n\"Title\"\n\"Source: the county\"\n\"Comment\"\nnotes without quotes\n", "e.blt", TallyRules.Default));
        Assert.Equal("Title", r.Title);
        Assert.Equal(["A"], r.Winners);
    }

    // [nick a b c] lets ballots name candidates by nickname; [withdrawn c] withdraws C; [droop …] is droop's own options.
    // Ballots: 3 "a b"; 2 "b"; 2 "c a". With C withdrawn its ballots pass over it to A: A 5, B 2, A wins in round 1.
    [Fact]
    public void Droop_nick_and_withdrawn_lines_are_read()
    {
        const string blt = "3 1\n[nick a b c]\n[withdrawn c]\n[droop meek precision=9]\n3 a b 0\n2 b 0\n2 c a 0\n0\n\"Ann\"\n\"Bo\"\n\"Cy\"\n\"Nicknames\"\n";
        var e = Assert.IsType<RankedElection>(BltReader.Read(blt).Value);
        Assert.Equal([2], e.Withdrawn!);
        var r = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, blt, "e.blt", TallyRules.Default));
        Assert.Equal(5m, r.Rounds[0].Of("Ann"));
        Assert.Equal(["Cy"], r.Excluded);
        Assert.Equal(["Ann"], r.Winners);
    }

    // 2 A; 1 B; 1 C: B and C tie for last. Candidate order eliminates the later-listed C; with [tie 2 3 1] the tie goes, as in
    // droop, to the candidate earliest in that order, whatever the purpose: B is eliminated.
    [Fact]
    public void A_tie_line_sets_the_order_ties_fall_back_to()
    {
        const string ballots = "2 1 0\n1 2 0\n1 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n";
        var rules = TallyRules.Default with { TieBreak = TieBreakRule.CandidateOrder };
        Assert.Equal(["C"], Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, "3 1\n" + ballots, "e.blt", rules)).Rounds[0].Eliminated);
        var r = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, "3 1\n[tie 2 3 1]\n" + ballots, "e.blt", rules));
        Assert.Equal(["B"], r.Rounds[0].Eliminated);
        Assert.Contains(r.Rounds[0].Notes, n => n.Contains("[tie] order", StringComparison.Ordinal));
    }

    // 3 "A=B C"; 2 "C A". A and B are equal on the first three ballots, so A over B is only the "C A" ballots (A ranked, B
    // not): 2, and B over A 0; B over C 3. A beats B 2-0 and C 3-2: A wins.
    [Fact]
    public void Equal_rankings_are_read_for_schulze()
    {
        var r = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Schulze, "3 1\n3 1=2 3 0\n2 3 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n", "e.blt", TallyRules.Default));
        Assert.Equal(0m, r.Schulze!.Pairwise[1, 0]);
        Assert.Equal(3m, r.Schulze.Pairwise[1, 2]);
        Assert.Equal(["A"], r.Winners);
    }

    [Theory]
    [InlineData(TallyMethod.Irv)]
    [InlineData(TallyMethod.StvScottish)]
    [InlineData(TallyMethod.StvMeek)]
    public void Equal_rankings_are_an_error_for_methods_that_read_one_candidate_per_rank(TallyMethod method)
    {
        var error = Fails(method, "3 1\n1 1 0\n3 1=2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n");
        Assert.Equal((3, 3), (error.Line, error.Column));
        Assert.Contains("'1=2' ranks candidates equally, which only schulze counts", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2 1\n1 1 0\n0\n\"Ann\n\"B\"\n\"T\"\n", 4, 1, "a name's quote is opened here and never closed")]
    [InlineData("2 1\n1 1 0\n0\n\"A\"\n\"B\"\n  \"Title\n", 6, 3, "a name's quote is opened here and never closed")]
    [InlineData("2 1\n[colour red]\n1 1 0\n0\n\"A\"\n\"B\"\n", 2, 2, "unknown option [colour]")]
    [InlineData("2 1\n[nick a b\n1 1 0\n0\n\"A\"\n\"B\"\n", 2, 10, "must close with ]")]
    [InlineData("2 1\n[nick a]\n1 1 0\n0\n\"A\"\n\"B\"\n", 2, 2, "[nick] must give exactly 2 nicknames")]
    [InlineData("2 1\n[nick a b]\n1 a c 0\n0\n\"A\"\n\"B\"\n", 3, 5, "unknown candidate 'c' (not a number from 1 to 2 nor a [nick] nickname)")]
    [InlineData("2 1\n[tie 1]\n1 1 0\n0\n\"A\"\n\"B\"\n", 2, 2, "[tie] must list every candidate exactly once")]
    [InlineData("2 1\n1 1 0\n[tie 1 2]\n0\n\"A\"\n\"B\"\n", 3, 1, "must come before the ballots")]
    public void Malformed_droop_lines_and_names_are_errors_with_line_and_column(string blt, int line, int column, string problem)
    {
        var error = Fails(TallyMethod.Irv, blt);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }
}
