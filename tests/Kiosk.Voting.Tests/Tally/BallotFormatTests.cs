using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>Reading ballot files, and the errors that name the line and column of a bad input.</summary>
public sealed class BallotFormatTests
{
    private static TallyError Fails(TallyMethod method, string text, string file, TallyRules? rules = null, int? seats = null)
    {
        var r = Kiosk.Voting.Tally.Tally.Run(method, text, file, rules ?? TallyRules.Default, seats);
        Assert.False(r.Ok);
        return r.Error!;
    }

    [Fact]
    public void Ranked_csv_reads_ranks_skips_overvotes_weights_and_ids()
    {
        var e = RankedCsvReader.Read("id,rank1,rank2,rank3,weight,note\nb1,A,,B,2,x\nb2,A|B,C,,,\n", ["A", "B", "C", "D"], group: false);
        Assert.True(e.Ok, e.Error?.ToString());
        Assert.Equal(["A", "B", "C", "D"], e.Value!.Candidates);
        var b1 = e.Value.Ballots[0];
        Assert.Equal(2m, b1.Weight);
        Assert.Equal("b1", b1.Id);
        Assert.Equal([[0], [], [1]], b1.Ranks());
        Assert.Equal([[0, 1], [2]], e.Value.Ballots[1].Ranks());
        Assert.Equal(1m, e.Value.Ballots[1].Weight);
    }

    [Fact]
    public void Unknown_candidate_names_line_and_column()
    {
        var error = Fails(TallyMethod.Irv, "rank1,rank2\nA,B\nA,Zed\n", "votes.csv", TallyRules.Default with { Candidates = ["A", "B"] });
        Assert.Equal(("votes.csv", 3, 3), (error.Source, error.Line, error.Column));
        Assert.Contains("unknown candidate 'Zed'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("votes.csv:3:3: unknown candidate", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_and_non_numeric_weights_are_errors()
    {
        var negative = Fails(TallyMethod.Irv, "rank1,weight\nA,-2\n", "w.csv");
        Assert.Equal((2, 3), (negative.Line, negative.Column));
        Assert.Contains("negative", negative.Message, StringComparison.Ordinal);
        var text = Fails(TallyMethod.Irv, "rank1,weight\nA,two\n", "w.csv");
        Assert.Contains("not a number", text.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blt_is_read_with_withdrawn_candidates_equal_ranks_and_ids()
    {
        var e = BltReader.Read("4 2\n-4\n(x1) 3 1 2=3 0\n2 2 - 3 0\n0\n\"Ann\"\n\"Bo \"\"B\"\"\"\nCy\n\"Di\"\n\"Title\"\n", group: false);
        Assert.True(e.Ok, e.Error?.ToString());
        var v = e.Value!;
        Assert.Equal(["Ann", "Bo \"B\"", "Cy", "Di"], v.Candidates);
        Assert.Equal(2, v.Seats);
        Assert.Equal([3], v.Withdrawn!);
        Assert.Equal("Title", v.Title);
        Assert.Equal("x1", v.Ballots[0].Id);
        Assert.Equal([[0], [1, 2]], v.Ballots[0].Ranks());
        Assert.Equal([[1], [], [2]], v.Ballots[1].Ranks());
    }

    [Theory]
    [InlineData("3 2\n1 1 4 0\n0\nA\nB\nC\nT\n", 2, 5, "unknown candidate '4'")]
    [InlineData("3 4\n1 1 0\n0\nA\nB\nC\nT\n", 1, 3, "impossible seat count 4")]
    [InlineData("3 0\n1 1 0\n0\nA\nB\nC\nT\n", 1, 3, "impossible seat count 0")]
    [InlineData("3 1\n-1 1 0\n0\nA\nB\nC\nT\n", 2, 4, "withdrawn candidate")]
    [InlineData("3 1\n1 1 2\n0\nA\nB\nC\nT\n", 2, 6, "must end with 0")]
    [InlineData("x 1\n", 1, 1, "not a whole number")]
    public void Malformed_blt_names_line_column_and_problem(string blt, int line, int column, string problem)
    {
        var error = Fails(TallyMethod.StvScottish, blt, "e.blt");
        Assert.Equal(("e.blt", line, column), (error.Source, error.Line, error.Column));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Impossible_seat_counts_are_errors_not_results()
    {
        var error = Fails(TallyMethod.StvMeek, "rank1\nA\nB\n", "s.csv", seats: 3);
        Assert.Contains("cannot fill 3 seat(s) from 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("fills one seat", Fails(TallyMethod.Irv, "rank1\nA\nB\n", "s.csv", seats: 2).Message, StringComparison.Ordinal);
        Assert.Contains("at least 1", Fails(TallyMethod.Approval, "choice\nA\n", "s.csv", seats: 0).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pabulib_budget_that_is_not_a_number_names_line_and_column()
    {
        var error = Fails(TallyMethod.EqualShares, "META\nkey;value\nbudget;lots\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;1\n", "pb.pb");
        Assert.Equal(("pb.pb", 3, 8), (error.Source, error.Line, error.Column));
        Assert.Contains("budget 'lots' is not a number", error.Message, StringComparison.Ordinal);
        var unknown = Fails(TallyMethod.EqualShares, "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;1,7\n", "pb.pb");
        Assert.Equal((9, 5), (unknown.Line, unknown.Column));
    }

    [Fact]
    public void Rules_json_is_read_and_unknown_rules_are_errors()
    {
        var rules = TallyRules.Parse("{\"overvote\": \"always-skip-to-next-rank\", \"maxSkippedRanks\": \"unlimited\", \"duplicate\": \"exhaust\", \"batchElimination\": true, \"tieBreak\": \"random\", \"seed\": 42}");
        Assert.True(rules.Ok, rules.Error?.ToString());
        Assert.Equal((OvervoteRule.AlwaysSkipToNextRank, (int?)null, DuplicateRule.Exhaust, true, TieBreakRule.Random, 42UL),
            (rules.Value!.Overvote, rules.Value.MaxSkippedRanks, rules.Value.Duplicate, rules.Value.BatchElimination, rules.Value.TieBreak, rules.Value.Seed));
        Assert.Contains("unknown rule 'colour'", TallyRules.Parse("{\"colour\": 1}").Error!.Message, StringComparison.Ordinal);
        var broken = TallyRules.Parse("{\n  \"seats\": ,\n}");
        Assert.Equal(2, broken.Error!.Line);
    }
}
