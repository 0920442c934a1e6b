using Kiosk.Gateway.Cli;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// <c>--gateway</c> means the same in every command: the gateway's enrolled name (library-hall), its key-file name here
/// (gateway-library-hall) or its public key, each resolved to the other; a wrong name is answered with the right one.
/// </summary>
public sealed class GatewayNameTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Every_gateway_option_takes_the_enrolled_name_and_the_key_file_name()
    {
        await VotingCli.FoundAsync(_cli); // gateway "hall", key file gateway-hall
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1"), "p1");
        var codes = await VotingCli.IssueAsync(_cli, "p1", 2);
        await _cli.Ok("vote", "p1", "--code", codes[0], "--choice", "a", "--gateway", "hall");
        await _cli.Ok("vote", "p1", "--code", codes[1], "--choice", "b", "--gateway", "gateway-hall");
        await _cli.Ok("ballot", "close", "p1"); // publishes the hall's ballot box
        Assert.Equal(2, (await VotingCli.ResultsAsync(_cli, "p1")).GetProperty("turnout")[0].GetProperty("votes").GetInt32());

        var byName = VotingCli.Json(await _cli.Ok("device", "enrol", "--id", "button-1", "--member", "Seat 1", "--gateway", "hall", "--json"));
        var byKeyFile = VotingCli.Json(await _cli.Ok("device", "enrol", "--id", "button-2", "--member", "Seat 2", "--gateway", "gateway-hall", "--json"));
        Assert.Equal("hall", byName.GetProperty("gateway").GetString());
        Assert.Equal("hall", byKeyFile.GetProperty("gateway").GetString());

        var served = await _cli.ServeUntil(null, ["Serving; Ctrl+C stops."], "device", "serve", "--gateway", "hall", "--port", "0");
        Assert.Equal(0, served.ExitCode);
        Assert.Contains("Device broker of gateway hall: mqtt://127.0.0.1:", served.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_gateway_name_is_answered_with_the_closest_right_one()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("gateway", "enrol", "--name", "library-hall");
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1"), "p1");
        var codes = await VotingCli.IssueAsync(_cli, "p1", 1);
        var vote = await _cli.Kiosk("vote", "p1", "--code", codes[0], "--choice", "a", "--gateway", "libary-hall");
        Assert.Equal(2, vote.ExitCode);
        Assert.Contains("kiosk vote: no gateway 'libary-hall'; did you mean library-hall?", vote.Error, StringComparison.Ordinal);
        var enrol = await _cli.Kiosk("device", "enrol", "--id", "button-1", "--gateway", "gateway-libary-hall");
        Assert.Contains("no gateway 'gateway-libary-hall'; did you mean gateway-library-hall?", enrol.Error, StringComparison.Ordinal);
        var run = await _cli.Kiosk("run", "--gateway", "founder", "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "-1", "--gpio", "none");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("key 'founder' is not an enrolled gateway", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await VotingCli.ResultsAsync(_cli, "p1")).GetProperty("counted").GetInt32());
    }

    [Fact]
    public async Task A_gateway_enrolled_from_elsewhere_can_be_named_but_not_signed_as_here()
    {
        await VotingCli.FoundAsync(_cli);
        using var school = Kiosk.Ledger.AuthorKeyPair.Generate(); // made on the school's own machine
        await _cli.Ok("gateway", "enrol", "--name", "school", "--key", school.PublicKey.ToHex());
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1"), "p1");
        var codes = await VotingCli.IssueAsync(_cli, "p1", 1);
        var vote = await _cli.Kiosk("vote", "p1", "--code", codes[0], "--choice", "a", "--gateway", "school");
        Assert.Equal(2, vote.ExitCode);
        Assert.Contains("gateway 'school' is enrolled, but its key is not in", vote.Error, StringComparison.Ordinal);

        // Enrolling a button to it writes the event here; its secret is made on the school's machine.
        var enrolled = await _cli.Ok("device", "enrol", "--id", "button-9", "--member", "Seat 9", "--gateway", school.PublicKey.ToHex());
        Assert.Contains("Its secret and settings file are made on school itself: kiosk device secret button-9", enrolled.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.Data, "devices", "button-9.json")));
        Assert.Equal("school", VotingCli.Json(await _cli.Ok("device", "list", "--json"))[0].GetProperty("gateway").GetString());
    }

    [Theory]
    [InlineData("libary-hall", new[] { "library-hall", "community-centre" }, "library-hall")]
    [InlineData("Library-Hall", new[] { "library-hall" }, "library-hall")]
    [InlineData("hal", new[] { "hall", "school" }, "hall")]
    [InlineData("schol", new[] { "hall", "school" }, "school")]
    [InlineData("zzz", new[] { "hall", "school" }, null)]
    public void The_closest_name_is_the_one_a_typing_slip_away(string typed, string[] known, string? expected) =>
        Assert.Equal(expected is null ? [] : [expected], NameSuggestion.Closest(typed, known));
}
