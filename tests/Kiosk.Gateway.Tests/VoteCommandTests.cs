using Kiosk.Gateway.Data;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Tests;

/// <summary><c>kiosk vote</c>: votes through the gateway's desk; every refusal shows its reason code, with exit code 1.</summary>
public sealed class VoteCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task Refused(VoteRefusalReason reason, params string[] args)
    {
        var run = await _cli.Kiosk(["vote", .. args]);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith($"kiosk vote: refused ({reason}): ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_refusal_shows_its_reason()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p1", "first-counts"), "p1.yaml"));
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p2"), "p2.yaml"));
        var codes = await VotingCli.IssueAsync(_cli, "p1", 2);
        var other = await VotingCli.IssueAsync(_cli, "p2", 1);

        await Refused(VoteRefusalReason.BallotNotOpen, "p1", "--code", codes[0], "--choice", "a");
        await _cli.Ok("ballot", "open", "p1");
        await Refused(VoteRefusalReason.BallotUnknown, "p9", "--code", codes[0], "--choice", "a");
        var typo = codes[0][..^1] + (codes[0][^1] == '0' ? '1' : '0');
        await Refused(VoteRefusalReason.CodeMistyped, "p1", "--code", typo, "--choice", "a");
        await Refused(VoteRefusalReason.CodeUnknown, "p1", "--code", VoterCode.Generate(), "--choice", "a");
        await Refused(VoteRefusalReason.CodeForOtherBallot, "p1", "--code", other[0], "--choice", "a");
        await Refused(VoteRefusalReason.InvalidChoice, "p1", "--code", codes[0], "--choice", "z");
        await Refused(VoteRefusalReason.InvalidChoice, "p1", "--code", codes[0], "--choice", "a,b");

        var accepted = await _cli.Ok("vote", "p1", "--code", codes[0].ToLowerInvariant(), "--choice", "a");
        Assert.Matches("Receipt tracker: [0-9A-Z]{5}-[0-9A-Z]{5}", accepted.Output);
        await Refused(VoteRefusalReason.CodeAlreadyUsed, "p1", "--code", codes[0], "--choice", "b");
        await Refused(VoteRefusalReason.WrongCredential, "p1", "--device", "button-1", "--choice", "a");

        await _cli.Ok("ballot", "close", "p1");
        await Refused(VoteRefusalReason.BallotClosed, "p1", "--code", codes[1], "--choice", "a");

        var json = VotingCli.Json(await _cli.Kiosk("vote", "p1", "--code", codes[1], "--choice", "a", "--json"));
        Assert.False(json.GetProperty("accepted").GetBoolean());
        Assert.Equal("BallotClosed", json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_revote_replaces_the_vote_on_a_last_counts_ballot()
    {
        await VotingCli.FoundAsync(_cli);
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1"), "p1");
        var code = (await VotingCli.IssueAsync(_cli, "p1", 1))[0];
        var first = VotingCli.Json(await _cli.Ok("vote", "p1", "--code", code, "--choice", "a", "--json")).GetProperty("tracker").GetString();
        var second = VotingCli.Json(await _cli.Ok("vote", "p1", "--code", code, "--choice", "c", "--json")).GetProperty("tracker").GetString();
        // Both wait in the gateway's ballot box (a batch is 5 votes) until the close publishes them.
        Assert.Equal(0, (await VotingCli.ResultsAsync(_cli, "p1")).GetProperty("counted").GetInt32());
        await _cli.Ok("ballot", "close", "p1");
        var results = await VotingCli.ResultsAsync(_cli, "p1");
        Assert.Equal(1, results.GetProperty("counted").GetInt32());
        // Both receipts are listed in the batch (each proves its vote was recorded); the later vote is the one that counts.
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), results.GetProperty("trackers").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(2, results.GetProperty("batches")[0].GetProperty("trackers").GetArrayLength());
        Assert.Equal("c", results.GetProperty("winners")[0].GetString());
    }

    [Fact]
    public async Task With_several_gateway_keys_one_is_chosen_by_name_and_turnout_is_per_gateway()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("gateway", "enrol", "--name", "school");
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1"), "p1");
        var codes = await VotingCli.IssueAsync(_cli, "p1", 3);
        var ambiguous = await _cli.Kiosk("vote", "p1", "--code", codes[0], "--choice", "a");
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("several gateway keys", ambiguous.Error, StringComparison.Ordinal);
        Assert.Contains("(hall, school): choose one with --gateway NAME", ambiguous.Error, StringComparison.Ordinal);

        await _cli.Ok("vote", "p1", "--code", codes[0], "--choice", "a", "--gateway", "gateway-hall");
        await _cli.Ok("vote", "p1", "--code", codes[1], "--choice", "a", "--gateway", "gateway-school");
        await _cli.Ok("vote", "p1", "--code", codes[2], "--choice", "b", "--gateway", "gateway-school");
        await _cli.Ok("ballot", "close", "p1"); // both gateways publish their ballot boxes
        var turnout = (await VotingCli.ResultsAsync(_cli, "p1")).GetProperty("turnout").EnumerateArray()
            .ToDictionary(t => t.GetProperty("gateway").GetString()!, t => t.GetProperty("votes").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["hall"] = 1, ["school"] = 2 }, turnout);
        var text = await _cli.Ok("results", "p1");
        Assert.Contains("turnout by gateway: hall 1, school 2", text.Output, StringComparison.Ordinal);

        var missing = await _cli.Kiosk("vote", "p1", "--code", codes[0], "--choice", "a", "--gateway", "gateway-nowhere");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no gateway 'gateway-nowhere' (gateways: hall, school)", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_roll_call_vote_is_cast_by_button_and_a_proxy_adds_weight_to_the_delegate()
    {
        await VotingCli.FoundAsync(_cli);
        for (var seat = 1; seat <= 3; seat++)
            await _cli.Ok("device", "enrol", "--id", $"button-{seat}", "--gateway", "hall", "--member", $"Seat {seat}");
        await VotingCli.PublishAndOpenAsync(_cli, File.ReadAllText(Repo.Path("docs/examples/roll-call.yaml")), "delegates-assembly-motion");
        const string ballot = "delegates-assembly-motion";

        var unknownDelegate = await _cli.Kiosk("proxy", "record", ballot, "--from", "Seat 3", "--to", "Seat 9");
        Assert.Equal(2, unknownDelegate.ExitCode);
        Assert.Contains("no enrolled button is named to 'Seat 9'", unknownDelegate.Error, StringComparison.Ordinal);
        await _cli.Ok("proxy", "record", ballot, "--from", "Seat 3", "--to", "Seat 2");

        await _cli.Ok("vote", ballot, "--device", "button-1", "--choice", "yes");
        await _cli.Ok("vote", ballot, "--device", "button-2", "--choice", "no");
        await Refused(VoteRefusalReason.DeviceNotEligible, ballot, "--device", "button-9", "--choice", "yes");
        await Refused(VoteRefusalReason.WrongCredential, ballot, "--code", VoterCode.Generate(), "--choice", "yes");

        var results = await VotingCli.ResultsAsync(_cli, ballot);
        Assert.Equal(3, results.GetProperty("eligible").GetDecimal());
        Assert.Equal(3, results.GetProperty("tally").GetProperty("totalVotes").GetDecimal());
        Assert.False(results.GetProperty("tally").GetProperty("decision").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task A_vote_needs_exactly_one_of_code_and_device_and_a_gateway_key()
    {
        await VotingCli.FoundAsync(_cli);
        var neither = await _cli.Kiosk("vote", "p1", "--choice", "a");
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("either --code", neither.Error, StringComparison.Ordinal);
        File.Delete(Path.Combine(_cli.Data, "keys", "gateway-hall.key"));
        var noKey = await _cli.Kiosk("vote", "p1", "--code", VoterCode.Generate(), "--choice", "a");
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("no gateway key", noKey.Error, StringComparison.Ordinal);
    }
}
