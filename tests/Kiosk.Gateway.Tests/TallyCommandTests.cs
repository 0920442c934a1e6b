using System.Text.Json;

namespace Kiosk.Gateway.Tests;

/// <summary><c>kiosk tally</c>: every rule option is a flag named like its rules-file key, in either spelling, and bad values are one-line errors.</summary>
public sealed class TallyCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Write(string name, string text)
    {
        var path = Path.Combine(_cli.Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<JsonElement> Count(params string[] args)
    {
        var run = await _cli.Ok(["tally", .. args, "--json"]);
        return JsonDocument.Parse(run.Output).RootElement.Clone();
    }

    // 7 A; 5 B; 2 C; 1 "C,_,_,B": with at most one skipped rank, the last ballot stops at its two skips when C is eliminated.
    private const string Skips = "rank1,rank2,rank3,rank4\nA,,,\nA,,,\nA,,,\nA,,,\nA,,,\nA,,,\nA,,,\nB,,,\nB,,,\nB,,,\nB,,,\nB,,,\nC,,,\nC,,,\nC,,,B\n";

    [Theory]
    [InlineData("--max-skipped-ranks")]
    [InlineData("--maxSkippedRanks")]
    [InlineData("--max-skipped")]
    public async Task A_rule_flag_works_in_the_key_spelling_the_flag_spelling_and_the_old_one(string flag)
    {
        var tally = await Count("--method", "irv", "--ballots", Write("s.csv", Skips), flag, "1");
        Assert.Equal("1", tally.GetProperty("rules").GetProperty("maxSkippedRanks").GetString());
        Assert.Equal(1m, tally.GetProperty("rounds")[1].GetProperty("inactive").GetProperty("skippedRankings").GetDecimal());
    }

    [Fact]
    public async Task A_rules_file_may_use_the_flag_spelling_of_a_key()
    {
        var rules = Write("rules.json", "{\"max-skipped-ranks\": 1, \"continue-until-two-remain\": true}");
        var tally = await Count("--method", "irv", "--ballots", Write("s.csv", Skips), "--rules", rules);
        Assert.Equal("1", tally.GetProperty("rules").GetProperty("maxSkippedRanks").GetString());
        Assert.Equal("on", tally.GetProperty("rules").GetProperty("continueUntilTwoRemain").GetString());
    }

    // 6 A; 4 B; 2 "W,B"; 3 C. R1: W holds 2 and is eliminated first (to B); R2 A6 B6 C3, C out (exhausts); R3: A6 B6, two remain,
    // tie: the previous rounds decide (R1: A6 B4), so A. A switch flag given alone means on.
    [Fact]
    public async Task Rule_options_for_write_ins_exclusions_and_switches_come_from_flags()
    {
        var ballots = Write("w.csv", "rank1,rank2\n" + string.Concat(Enumerable.Repeat("A,\n", 6)) + string.Concat(Enumerable.Repeat("B,\n", 4))
            + "Write-in,B\nWrite-in,B\n" + string.Concat(Enumerable.Repeat("C,\n", 3)));
        var tally = await Count("--method", "irv", "--ballots", ballots, "--undeclared-write-in", "Write-in", "--first-round-threshold");
        Assert.Equal(["Write-in"], tally.GetProperty("rounds")[0].GetProperty("eliminated").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("on", tally.GetProperty("rules").GetProperty("firstRoundThreshold").GetString());
        Assert.Equal("A", tally.GetProperty("winners")[0].GetString());

        var excluded = await Count("--method", "irv", "--ballots", ballots, "--excluded", "C", "--stop-after-round", "1");
        Assert.Equal(["C"], excluded.GetProperty("excluded").EnumerateArray().Select(x => x.GetString()));
        Assert.False(excluded.GetProperty("rounds")[0].GetProperty("tally").TryGetProperty("C", out _));
        Assert.Equal(1, excluded.GetProperty("rounds").GetArrayLength());
    }

    [Fact]
    public async Task Candidates_flag_takes_csv_quoting_for_names_with_commas()
    {
        var ballots = Write("c.csv", "rank1;rank2\n\"Carmona, Ralph C.\";Vail\n\"Carmona, Ralph C.\";\nVail;\n");
        var tally = await Count("--method", "irv", "--ballots", ballots, "--candidates", "\"Carmona, Ralph C.\",Vail,Nobody", "--separator", ";");
        Assert.Equal(["Carmona, Ralph C.", "Vail", "Nobody"], tally.GetProperty("candidates").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("Carmona, Ralph C.", tally.GetProperty("winners")[0].GetString());
    }

    [Theory]
    [InlineData("--stop-after-round", "0", "--stop-after-round: must be a whole number of at least 1")]
    [InlineData("--continue-until-two-remain", "maybe", "--continue-until-two-remain: must be on or off")]
    [InlineData("--excluded", "Zed", "excluded candidate 'Zed' is not a candidate")]
    public async Task A_bad_rule_value_is_one_line_on_stderr_with_exit_code_2(string flag, string value, string problem)
    {
        var run = await _cli.Kiosk("tally", "--method", "irv", "--ballots", Write("s.csv", Skips), flag, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }
}
