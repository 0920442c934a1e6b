using Kiosk.Gateway.Data;
using System.Text.Json;

namespace Kiosk.Gateway.Tests;

/// <summary><c>kiosk results</c> and <c>kiosk ballot certify</c>: status from draft to final, the tally with rounds, certified feeds, certified once.</summary>
public sealed class ResultsCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<string> Status(string ballot) => (await VotingCli.ResultsAsync(_cli, ballot)).GetProperty("status").GetString()!;

    [Fact]
    public async Task A_ballot_goes_from_draft_to_provisional_to_final_by_certification()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("gateway", "enrol", "--name", "school");
        await _cli.Ok("ballot", "create", Repo.Path("docs/examples/irv.yaml"));
        Assert.Equal("draft", await Status("garden-name"));
        var codes = await VotingCli.IssueAsync(_cli, "garden-name", 3);
        await _cli.Ok("ballot", "open", "garden-name");
        Assert.Equal("open", await Status("garden-name"));
        await _cli.Ok("vote", "garden-name", "--code", codes[0], "--choice", "willow,oak", "--gateway", "gateway-hall");
        await _cli.Ok("vote", "garden-name", "--code", codes[1], "--choice", "oak", "--gateway", "gateway-school");
        await _cli.Ok("ballot", "close", "garden-name");

        // The hall learns of the close at its next vote: it writes CloseSeen and refuses.
        Assert.Equal(1, (await _cli.Kiosk("vote", "garden-name", "--code", codes[2], "--choice", "maple", "--gateway", "gateway-hall")).ExitCode);
        var provisional = await VotingCli.ResultsAsync(_cli, "garden-name");
        Assert.Equal("provisional", provisional.GetProperty("status").GetString());
        Assert.Equal(["school"], provisional.GetProperty("awaitingCloseSeen").EnumerateArray().Select(g => g.GetString()));
        Assert.Contains("provisional until these gateways see the close (or kiosk ballot certify): school", (await _cli.Ok("results")).Output, StringComparison.Ordinal);

        var certified = VotingCli.Json(await _cli.Ok("ballot", "certify", "garden-name", "--json"));
        var feeds = certified.GetProperty("feeds").EnumerateArray().Where(f => !f.GetProperty("ballotBox").GetBoolean()).ToDictionary(f => f.GetProperty("gateway").GetString()!, f => (Seq: f.GetProperty("throughSeq").GetInt64(), CloseSeen: f.GetProperty("closeSeen").GetBoolean()));
        Assert.Equal((2L, true), feeds["hall"]);   // its ballot box's declaration, then its CloseSeen
        Assert.Equal((1L, false), feeds["school"]); // its head: its ballot box's declaration
        // Each gateway's votes are in its ballot box: the hall's through its CloseSeen, the school's through the box's head.
        var boxes = certified.GetProperty("feeds").EnumerateArray().Where(f => f.GetProperty("ballotBox").GetBoolean()).ToDictionary(f => f.GetProperty("gateway").GetString()!, f => f.GetProperty("throughSeq").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["hall"] = 2, ["school"] = 2 }, boxes); // one vote and its batch's receipts each

        var final = await VotingCli.ResultsAsync(_cli, "garden-name");
        Assert.Equal("final", final.GetProperty("status").GetString());
        Assert.True(final.GetProperty("certified").GetBoolean());
        Assert.Equal(2, final.GetProperty("counted").GetInt32());
        Assert.Equal(2, final.GetProperty("trackers").GetArrayLength());
        var tally = final.GetProperty("tally");
        Assert.Equal(1, tally.GetProperty("schema").GetInt32());
        Assert.Equal("irv", tally.GetProperty("method").GetString());
        Assert.Equal("Name the community garden", tally.GetProperty("title").GetString());
        Assert.True(tally.GetProperty("rounds").GetArrayLength() >= 1);

        var text = (await _cli.Ok("results", "garden-name")).Output;
        Assert.Contains("status: final (certified)", text, StringComparison.Ordinal);
        Assert.Contains("Round 1", text, StringComparison.Ordinal);
        Assert.Contains("counted receipt trackers: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certify_needs_an_opened_ballot_and_a_facilitator()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p1")));
        var draft = await _cli.Kiosk("ballot", "certify", "p1");
        Assert.Equal(2, draft.ExitCode);
        Assert.Contains("never opened", draft.Error, StringComparison.Ordinal);
        await _cli.Ok("ballot", "open", "p1");
        var byGateway = await _cli.Kiosk("ballot", "certify", "p1", "--as", "gateway-hall");
        Assert.Equal(2, byGateway.ExitCode);
        Assert.Contains("ResultCertified refused (NotAuthorised)", byGateway.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_certification_is_refused_and_replaces_the_first_only_when_asked_and_the_feeds_changed()
    {
        await VotingCli.FoundAsync(_cli);
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1"), "p1");
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p2"), "p2");
        var codes = await VotingCli.IssueAsync(_cli, "p1,p2", 2);
        await _cli.Ok("vote", "p1", "--code", codes[0], "--choice", "a");
        await _cli.Ok("ballot", "close", "p1");
        var first = VotingCli.Json(await _cli.Ok("ballot", "certify", "p1", "--json")).GetProperty("eventId").GetString();
        Assert.Equal(1, CertificationsWritten());

        var same = await _cli.Kiosk("ballot", "certify", "p1");
        Assert.Equal(2, same.ExitCode);
        Assert.Contains("ballot 'p1' was already certified by founder at ", same.Error, StringComparison.Ordinal);
        Assert.Contains("its gateway feeds have not changed since; nothing to certify again", same.Error, StringComparison.Ordinal);

        // The hall's ballot box moves on (a vote on another ballot, published by that ballot's close): still refused,
        // saying what changed, until --replace.
        await _cli.Ok("vote", "p2", "--code", codes[1], "--choice", "b");
        await _cli.Ok("ballot", "close", "p2");
        var changed = await _cli.Kiosk("ballot", "certify", "p1");
        Assert.Equal(2, changed.ExitCode);
        Assert.Matches("since then: ballot box of hall #2 → #4", changed.Error);
        Assert.Contains("kiosk ballot certify p1 --replace", changed.Error, StringComparison.Ordinal);
        Assert.Equal(1, CertificationsWritten());

        var replaced = VotingCli.Json(await _cli.Ok("ballot", "certify", "p1", "--replace", "--json"));
        Assert.Equal(first, replaced.GetProperty("replaces").GetString());
        Assert.Equal(2, CertificationsWritten());
        Assert.Equal(2, (await _cli.Kiosk("ballot", "certify", "p1", "--replace")).ExitCode);
        Assert.Equal(2, CertificationsWritten());
        Assert.Equal("final", (await VotingCli.ResultsAsync(_cli, "p1")).GetProperty("status").GetString());
    }

    private int CertificationsWritten()
    {
        using var ledger = new DataFolder(new DirectoryInfo(_cli.Data)).OpenLedger();
        return ledger.ReadAll().Count(e => e.Kind == Kiosk.Voting.Ballots.VotingKinds.ResultCertified);
    }

    [Fact]
    public async Task Results_list_every_ballot_and_are_empty_without_ballots()
    {
        await VotingCli.FoundAsync(_cli);
        Assert.Equal(0, VotingCli.Json(await _cli.Ok("results", "--json")).GetArrayLength());
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p1"), "p1.yaml"));
        await _cli.Ok("ballot", "create", Repo.Path("docs/examples/equal-shares.yaml"));
        var all = VotingCli.Json(await _cli.Ok("results", "--json"));
        Assert.Equal(["p1", "budget-2030"], all.EnumerateArray().Select(r => r.GetProperty("ballot").GetString()));
        Assert.All(all.EnumerateArray(), r => Assert.Equal(JsonValueKind.Object, r.GetProperty("tally").ValueKind));
    }
}
