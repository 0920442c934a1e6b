using Kiosk.Gateway.Cli;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// One argument style: the ballot a command acts on is its first argument everywhere (<c>ballot open|close|certify|show B</c>,
/// <c>codes issue B</c>, <c>vote B</c>, <c>results B</c>, <c>proxy record B</c>); the old spellings still work, unlisted,
/// with a note naming the new one.
/// </summary>
public sealed class CommandLineStyleTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task The_ballot_is_the_first_argument_of_every_command_that_acts_on_one()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p1"), "p1.yaml"));
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p2"), "p2.yaml"));
        var codes = VotingCli.CodesIn((await _cli.Ok("codes", "issue", "p1", "p2", "--count", "2", "--print-codes")).Output);
        Assert.Equal(2, codes.Count);
        await _cli.Ok("ballot", "open", "p1");
        await _cli.Ok("vote", "p1", "--code", codes[0], "--choice", "a");
        await _cli.Ok("ballot", "close", "p1");
        var certified = VotingCli.Json(await _cli.Ok("ballot", "certify", "p1", "--json"));
        Assert.Equal("p1", certified.GetProperty("ballot").GetString());
        Assert.Equal("final", (await VotingCli.ResultsAsync(_cli, "p1")).GetProperty("status").GetString());
        Assert.Contains("status: final (certified)", (await _cli.Ok("results", "p1")).Output, StringComparison.Ordinal);
        // The codes of one issue vote once on each of its ballots.
        Assert.Equal(2m, VotingCli.Json(await _cli.Ok("ballot", "show", "p2", "--json")).GetProperty("codesIssued").GetDecimal());
    }

    [Fact]
    public async Task The_old_spellings_still_work_with_a_note_that_names_the_new_one_and_no_value()
    {
        await VotingCli.FoundAsync(_cli);
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1"), "p1");
        var codes = VotingCli.CodesIn((await _cli.Ok("codes", "issue", "--ballot", "p1", "--count", "1", "--print-codes")).Output);
        var vote = await _cli.Ok("vote", "--ballot", "p1", "--code", codes[0], "--choice", "b");
        Assert.Contains("note: `kiosk vote --ballot BALLOT` is now `kiosk vote BALLOT`", vote.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(codes[0], vote.Error, StringComparison.Ordinal); // a note never repeats what was typed
        await _cli.Ok("ballot", "close", "p1");
        var certify = await _cli.Ok("certify", "--ballot=p1");
        Assert.Contains("note: `kiosk certify` is now `kiosk ballot certify`", certify.Error, StringComparison.Ordinal);
        Assert.Equal("final", (await VotingCli.ResultsAsync(_cli, "p1")).GetProperty("status").GetString());
        var enrol = await _cli.Ok("mesh", "enrol", "--id", "button-7", "--member", "Flat 2B", "--gateway", "gateway-hall");
        Assert.Contains("note: `kiosk mesh enrol` is now `kiosk device enrol`", enrol.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_cli.Data, "devices", "button-7.json")));
        // None of them is listed in the help.
        var commands = (await _cli.Ok("--help")).Output.Split('\n').Select(l => l.Trim().Split(' ')[0]).ToList();
        Assert.Contains("ballot", commands);
        Assert.DoesNotContain("certify", commands);
        Assert.DoesNotContain("mesh", commands);
    }

    [Theory]
    [InlineData("vote --ballot b1 --code C --choice a", "vote b1 --code C --choice a")]
    [InlineData("--data d --json results --ballot=b1", "--data d --json results b1")]
    [InlineData("codes issue --count 3 --ballot b1,b2", "codes issue b1,b2 --count 3")]
    [InlineData("certify --ballot b1 --as ana", "ballot certify b1 --as ana")]
    [InlineData("mesh secret --id button-7", "device secret button-7")]
    [InlineData("mesh serve --gateway hall", "device serve --gateway hall")]
    [InlineData("facilitator remove --key abc", "facilitator remove abc")]
    [InlineData("vote b1 --choice a -- --ballot", "vote b1 --choice a -- --ballot")]
    [InlineData("ballot open b1", "ballot open b1")]
    public void A_retired_spelling_is_rewritten_to_todays(string given, string expected)
    {
        var rewritten = RetiredSpellings.Rewrite(given.Split(' '), out var notes);
        Assert.Equal(expected, string.Join(' ', rewritten));
        Assert.Equal(given == expected, notes.Count == 0);
    }
}
