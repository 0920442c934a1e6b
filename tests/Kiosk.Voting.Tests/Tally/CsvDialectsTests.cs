using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>Real CSV files: quoted commas and newlines, semicolon separators (detected or named), and errors still at file:line:column.</summary>
public sealed class CsvDialectsTests
{
    private static TallyError Fails(string csv, TallyRules? rules = null, TallyMethod method = TallyMethod.Irv)
    {
        var r = Kiosk.Voting.Tally.Tally.Run(method, csv, "v.csv", rules ?? TallyRules.Default);
        Assert.False(r.Ok);
        return r.Error!;
    }

    [Fact]
    public void Declared_candidates_take_csv_quoting_so_names_may_hold_commas()
    {
        var rules = TallyOptions.Find("--candidates")!.Apply(TallyRules.Default, "\"Carmona, Ralph C.\", Vail").Value!;
        Assert.Equal(["Carmona, Ralph C.", "Vail"], rules.Candidates!);
        var r = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, "rank1,rank2\n\"Carmona, Ralph C.\",Vail\nVail,\n\"Carmona, Ralph C.\",\n", "v.csv", rules));
        Assert.Equal(["Carmona, Ralph C."], r.Winners);
        Assert.Equal(2m, r.Rounds[0].Of("Carmona, Ralph C."));
    }

    // The note on line 2 runs on to line 3 inside quotes: it is one row, and the rows after it keep their true line numbers.
    [Fact]
    public void Quoted_newlines_stay_inside_their_cell_and_later_errors_name_the_true_line()
    {
        const string rows = "rank1,rank2,note\nA,B,\"first line\nsecond line\"\nB,A,x\n";
        var r = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, rows, "v.csv", TallyRules.Default with { Candidates = ["A", "B"] }));
        Assert.Equal(2m, r.TotalVotes);
        var error = Fails(rows + "A,Zed,y\n", TallyRules.Default with { Candidates = ["A", "B"] });
        Assert.Equal(("v.csv", 5, 3), (error.Source, error.Line, error.Column));
        Assert.StartsWith("v.csv:5:3: unknown candidate 'Zed'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_inside_a_cell_after_a_quoted_newline_names_its_line_and_column()
    {
        var error = Fails("rank1,rank2\n\"A\",\"B|\nZed\"\n", TallyRules.Default with { Candidates = ["A", "B"] });
        Assert.Equal((3, 1), (error.Line, error.Column));
    }

    [Fact]
    public void A_semicolon_separator_is_detected_from_the_header()
    {
        var r = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, "rank1;rank2;weight\n\"Smith, Ann\";Bo;2\nBo;;1\n", "v.csv", TallyRules.Default));
        Assert.Equal(["Smith, Ann", "Bo"], r.Candidates);
        Assert.Equal(2m, r.Rounds[0].Of("Smith, Ann"));
        var error = Fails("rank1;rank2\nA;B\nA;-\n", TallyRules.Default with { Candidates = ["A", "B"] });
        Assert.Equal((3, 3), (error.Line, error.Column));
    }

    [Fact]
    public void The_separator_can_be_named_and_a_wrong_one_says_which_was_used()
    {
        // The header has as many commas as semicolons, so detection takes the comma and finds no rank columns; named, it reads.
        const string rows = "rank1;rank2;x,y,z\nA;B;1,2,3\nB;A;4,5,6\nA;;7,8,9\n";
        Assert.Contains("the header has no rank1, rank2, … columns", Fails(rows).Message, StringComparison.Ordinal);
        var r = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, rows, "v.csv", TallyRules.Default with { Separator = ';' }));
        Assert.Equal(["A"], r.Winners);
        var tab = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, "rank1\trank2\nA\tB\n", "v.csv", TallyOptions.Find("separator")!.Apply(TallyRules.Default, "tab").Value!));
        Assert.Equal(["A"], tab.Winners);
        Assert.Contains("read with ';' as the separator", Fails("a,b\n", TallyRules.Default with { Separator = ';' }).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rank1,rank2\nA,B\nA,\"B\nB,A\n", 3, 3)]
    [InlineData("rank1,rank2\nA,5\" tall\n", 2, 4)]
    public void A_quote_left_open_is_an_error_at_the_quote(string csv, int line, int column)
    {
        var error = Fails(csv);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains("a quote is opened here and never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choice_files_read_quoted_newlines_and_semicolons_too()
    {
        var r = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Consent, "choice;reason\nobject;\"too loud;\nat night\"\nconsent;\n", "v.csv", TallyRules.Default));
        Assert.Equal("too loud;\nat night", r.Objections!.Single().Reason);
        Assert.False(r.Decision!.Passed);
    }
}
