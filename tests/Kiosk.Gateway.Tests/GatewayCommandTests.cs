namespace Kiosk.Gateway.Tests;

/// <summary>
/// <c>kiosk gateway enrol|list|retire</c>: a retired gateway's votes seen so far keep counting, it takes no more, no
/// result waits for it, and commands that name it say it was retired.
/// </summary>
public sealed class GatewayCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_retired_gateway_keeps_its_votes_takes_no_more_and_is_not_waited_for()
    {
        await VotingCli.FoundAsync(_cli); // gateway "hall", key gateway-hall
        await _cli.Ok("gateway", "enrol", "--name", "school");
        // Each secret vote its own batch, so school's vote is in its ballot box (not its local queue) when it is retired.
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1") + "\nbatchSize: 1\n", "p1");
        var codes = await VotingCli.IssueAsync(_cli, "p1", 3);
        await _cli.Ok("vote", "p1", "--code", codes[0], "--choice", "a", "--gateway", "school");

        var typo = await _cli.Kiosk("gateway", "retire", "scool");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("no gateway 'scool'; did you mean school", typo.Error, StringComparison.Ordinal);
        var retired = VotingCli.Json(await _cli.Ok("gateway", "retire", "school", "--reason", "the school closed", "--json"));
        Assert.Equal("school", retired.GetProperty("gateway").GetString());
        Assert.True(retired.GetProperty("boxThroughSeq").GetInt64() > 0); // its secret vote is in its ballot box

        var listed = VotingCli.Json(await _cli.Ok("gateway", "list", "--json")).EnumerateArray()
            .ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("retired").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["hall"] = false, ["school"] = true }, listed);
        Assert.Contains("retired (events through #", (await _cli.Ok("gateway", "list")).Output, StringComparison.Ordinal);

        var refused = await _cli.Kiosk("vote", "p1", "--code", codes[1], "--choice", "b", "--gateway", "school");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("gateway 'school' was retired from this assembly", refused.Error, StringComparison.Ordinal);
        Assert.Contains("was retired", (await _cli.Kiosk("gateway", "retire", "school")).Error, StringComparison.Ordinal);

        await _cli.Ok("vote", "p1", "--code", codes[2], "--choice", "b", "--gateway", "hall");
        await _cli.Ok("ballot", "close", "p1");
        // hall writes its CloseSeen when it next learns of the close (a vote attempt there does it); school is not awaited.
        await _cli.Kiosk("vote", "p1", "--code", codes[1], "--choice", "c", "--gateway", "hall");
        var results = await VotingCli.ResultsAsync(_cli, "p1");
        Assert.Equal("final", results.GetProperty("status").GetString());
        Assert.Equal(0, results.GetProperty("awaitingCloseSeen").GetArrayLength());
        Assert.Equal(2, results.GetProperty("counted").GetInt32());
    }
}
