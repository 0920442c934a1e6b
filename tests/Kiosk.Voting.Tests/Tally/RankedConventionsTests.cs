using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// How ranked counts report: blank ballots are undervotes, the last two are decided in their own round, and every rule option
/// has one name in rules files and on the command line. Expected figures are worked by hand in the comments.
/// </summary>
public sealed class RankedConventionsTests
{
    private static RankedElection Parse(string candidates, params (decimal W, string Ballot)[] ballots) =>
        Ranked(candidates, ballots.Select(b => (b.W, b.Ballot.Replace("_", "", StringComparison.Ordinal))).ToArray());

    // 3 A; 2 B; 1 blank; 1 with both ranks skipped. Total 7. The two blank ballots are undervotes: in the summary, in no round's
    // inactive counts, not in IRV's continuing votes (threshold 2.5) nor in STV's valid vote (Droop quota floor(5/2)+1 = 3).
    private static readonly RankedElection s_blanks = Parse("A,B", (3, "A"), (2, "B"), (1, ""), (1, "_,_"));

    [Theory]
    [InlineData(TallyMethod.Irv)]
    [InlineData(TallyMethod.StvScottish)]
    [InlineData(TallyMethod.StvMeek)]
    [InlineData(TallyMethod.Schulze)]
    public void Blank_ballots_are_undervotes_and_belong_to_no_inactive_category(TallyMethod method)
    {
        var r = Ok(Kiosk.Voting.Tally.Tally.Count(method, s_blanks, TallyRules.Default));
        Assert.Equal(2m, r.Undervotes);
        Assert.Equal(7m, r.TotalVotes);
        Assert.All(r.Rounds.Where(x => x.Inactive is not null), x => Assert.Equal(0m, x.Inactive!.Total));
        Assert.Equal(["A"], r.Winners);
        Assert.Contains("\"undervotes\": 2", TallyJson.Write(r), StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_ballots_do_not_count_towards_the_threshold_or_the_quota()
    {
        Assert.Equal(2.5m, Ok(InstantRunoff.Count(s_blanks, TallyRules.Default)).Rounds[0].Threshold);
        Assert.Equal(3m, Ok(ScottishStv.Count(s_blanks, TallyRules.Default)).Rounds[0].Threshold);
    }

    [Fact]
    public void Blank_rows_of_a_csv_and_empty_blt_ballots_are_undervotes()
    {
        var csv = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, "rank1,rank2\nA,B\n,\nB,\n,,\n", "v.csv", TallyRules.Default));
        Assert.Equal(2m, csv.Undervotes);
        var blt = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.Irv, "2 1\n2 1 0\n3 0\n1 2 0\n0\n\"A\"\n\"B\"\n\"T\"\n", "v.blt", TallyRules.Default));
        Assert.Equal(3m, blt.Undervotes);
        Assert.Equal(0m, blt.Rounds[0].Inactive!.Total);
    }

    // 4 A; 4 B; 2 C. R1: threshold 5, nobody; C eliminated, its 2 exhaust. R2: A4 B4, two candidates remain: the one with more
    // votes wins in this round; here it is an exact tie, broken in this round (previous rounds: equal in round 1 too, so
    // candidate order: A). No third round eliminating one of the two.
    [Fact]
    public void The_last_two_are_decided_in_their_own_round_and_a_tie_there_goes_to_the_tie_break()
    {
        var r = Ok(InstantRunoff.Count(Parse("A,B,C", (4, "A"), (4, "B"), (2, "C")), TallyRules.Default));
        Assert.Equal(2, r.Rounds.Count);
        Assert.Equal(["A"], r.Rounds[1].Elected);
        Assert.Empty(r.Rounds[1].Eliminated);
        Assert.Contains(r.Rounds[1].Notes, n => n.StartsWith("tie between A, B", StringComparison.Ordinal));
        Assert.Equal(["A"], r.Winners);
    }

    // 5 A; 4 B; 3 C (exhausting). R1: threshold 6, nobody; C eliminated. R2: A5 B4: A wins with more votes of the last two,
    // in round 2 (5 of 9 is more than half anyway); the note says why.
    [Fact]
    public void Of_the_last_two_the_one_with_more_votes_wins()
    {
        var r = Ok(InstantRunoff.Count(Parse("A,B,C", (5, "A"), (4, "B"), (3, "C")), TallyRules.Default));
        Assert.Equal(2, r.Rounds.Count);
        Assert.Contains("two candidates remain: A wins with 5 votes", r.Rounds[1].Notes);
    }

    public static TheoryData<string> OptionKeys => new(TallyOptions.All.Select(o => o.Key));

    [Theory]
    [MemberData(nameof(OptionKeys))]
    public void Every_option_has_one_name_whose_flag_is_the_key_in_kebab_case(string key)
    {
        var option = TallyOptions.Find(key)!;
        Assert.Equal("--" + TallyOptions.Kebab(key), option.Flag);
        Assert.Same(option, TallyOptions.Find(option.Flag));
        Assert.Same(option, TallyOptions.Find(option.Flag.TrimStart('-')));
        Assert.Same(option, TallyOptions.Find("--" + key));
    }

    [Theory]
    [InlineData("maxSkippedRanks")]
    [InlineData("max-skipped-ranks")]
    [InlineData("max-skipped")]
    [InlineData("max_skipped_ranks")]
    public void A_rules_file_accepts_the_key_in_either_spelling(string key)
    {
        var rules = TallyRules.Parse($"{{\"{key}\": 2, \"continue-until-two-remain\": true, \"stopAfterRound\": 4, \"excluded\": [\"Zed\"]}}");
        Assert.True(rules.Ok, rules.Error?.ToString());
        Assert.Equal(2, rules.Value!.MaxSkippedRanks);
        Assert.True(rules.Value.ContinueUntilTwoRemain);
        Assert.Equal(4, rules.Value.StopAfterRound);
        Assert.Equal(["Zed"], rules.Value.Excluded!);
    }

    [Fact]
    public void A_list_option_given_as_text_is_one_csv_record()
    {
        var rules = TallyRules.Parse("{\"excluded\": \"\\\"Carmona, Ralph C.\\\", Vail\", \"undeclaredWriteIn\": \"UWI\"}");
        Assert.True(rules.Ok, rules.Error?.ToString());
        Assert.Equal(["Carmona, Ralph C.", "Vail"], rules.Value!.Excluded!);
        Assert.Equal("UWI", rules.Value.UndeclaredWriteIn);
    }

    [Theory]
    [InlineData("{\"stopAfterRound\": 0}", "rule 'stopAfterRound': must be a whole number of at least 1")]
    [InlineData("{\"continueUntilTwoRemain\": \"maybe\"}", "must be on or off")]
    [InlineData("{\"seats\": [\"a\"]}", "takes a whole number (1), not a list")]
    [InlineData("{\"colour\": 1}", "unknown rule 'colour'")]
    public void Bad_option_values_are_errors_naming_the_option(string json, string problem)
    {
        var rules = TallyRules.Parse(json);
        Assert.False(rules.Ok);
        Assert.Contains(problem, rules.Error!.Message, StringComparison.Ordinal);
    }
}
