using Kiosk.Gateway.Data;
using System.Text.Json;

namespace Kiosk.Gateway.Tests;

/// <summary><c>kiosk ballot create|open|close|list|show</c> and <c>kiosk notice post</c>.</summary>
public sealed class BallotCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_ballot_is_created_opened_closed_listed_and_shown()
    {
        await VotingCli.FoundAsync(_cli);
        var created = VotingCli.Json(await _cli.Ok("ballot", "create", Repo.Path("docs/examples/irv.yaml"), "--as", "facilitator-ana", "--json"));
        Assert.Equal("garden-name", created.GetProperty("ballot").GetString());

        var listed = VotingCli.Json(await _cli.Ok("ballot", "list", "--json")).EnumerateArray().Single();
        Assert.Equal("draft", listed.GetProperty("status").GetString());
        Assert.Equal("Name the community garden", listed.GetProperty("title").GetString());

        await _cli.Ok("ballot", "open", "garden-name");
        await VotingCli.IssueAsync(_cli, "garden-name", 3);
        var shown = VotingCli.Json(await _cli.Ok("ballot", "show", "garden-name", "--json"));
        Assert.Equal("open", shown.GetProperty("status").GetString());
        Assert.Equal(3, shown.GetProperty("codesIssued").GetDecimal());
        Assert.Equal("irv", shown.GetProperty("definition").GetProperty("method").GetString());
        Assert.Equal("first-counts", shown.GetProperty("definition").GetProperty("revote").GetString());

        await _cli.Ok("ballot", "close", "garden-name");
        Assert.Equal("provisional", VotingCli.Json(await _cli.Ok("ballot", "list", "--json"))[0].GetProperty("status").GetString());

        var table = await _cli.Ok("ballot", "list");
        Assert.Contains("garden-name", table.Output, StringComparison.Ordinal);
        Assert.Contains("provisional", table.Output, StringComparison.Ordinal);
        var human = await _cli.Ok("ballot", "show", "garden-name");
        Assert.Contains("voter codes (3 issued)", human.Output, StringComparison.Ordinal);
        Assert.Contains("El Huerto del Roble", human.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_ballot_file_names_the_field_and_writes_nothing()
    {
        await VotingCli.FoundAsync(_cli);
        var before = VotingCli.Json(await _cli.Ok("status", "--json")).GetProperty("stateHash").GetString();
        var path = VotingCli.BallotFile(_cli, "id: b1\ntitle: {en: T}\nmethod: plurality\nseatz: 2\noptions: [{id: a, label: {en: A}}]\n");
        var run = await _cli.Kiosk("ballot", "create", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"kiosk ballot create: {path}:4:1: seatz: 'seatz' is not a ballot field (see docs/ballot-file.md)", run.Error.Trim());

        var equalShares = VotingCli.BallotFile(_cli, "id: b2\ntitle: {en: T}\nmethod: equal-shares\noptions: [{id: a, label: {en: A}, cost: 5}]\n", "b2.yaml");
        var noBudget = await _cli.Kiosk("ballot", "create", equalShares);
        Assert.Equal(2, noBudget.ExitCode);
        Assert.Contains("needs a budget", noBudget.Error, StringComparison.Ordinal);
        Assert.Equal(before, VotingCli.Json(await _cli.Ok("status", "--json")).GetProperty("stateHash").GetString());
    }

    [Fact]
    public async Task A_ballot_whose_close_is_already_past_is_refused_and_writes_nothing()
    {
        await VotingCli.FoundAsync(_cli);
        var before = VotingCli.Json(await _cli.Ok("status", "--json")).GetProperty("stateHash").GetString();
        var path = VotingCli.BallotFile(_cli, "id: late\ntitle: {en: T}\nmethod: yes-no\ncloses_at_placeholder\n".Replace("closes_at_placeholder", "closesAt: 2020-01-01T00:00:00Z", StringComparison.Ordinal), "late.yaml");
        var run = await _cli.Kiosk("ballot", "create", path);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"kiosk ballot create: {path}: closesAt 2020-01-01 00:00:00Z is already past (now ", run.Error.Trim(), StringComparison.Ordinal);
        Assert.Equal(before, VotingCli.Json(await _cli.Ok("status", "--json")).GetProperty("stateHash").GetString());
    }

    [Fact]
    public async Task A_ballot_from_json_is_published_and_an_id_already_published_is_refused()
    {
        await VotingCli.FoundAsync(_cli);
        var json = VotingCli.BallotFile(_cli, """{"id": "m1", "title": {"en": "Motion"}, "method": "yes-no", "quorum": 0.5}""", "m1.json");
        await _cli.Ok("ballot", "create", json);
        var again = await _cli.Kiosk("ballot", "create", VotingCli.BallotFile(_cli, "id: m1\ntitle: {en: Other}\nmethod: consent\n", "m1.yaml"));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("'m1' is already published", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_ballot_is_named_with_the_ballots_there_are()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p1")));
        foreach (var args in new[] { new[] { "ballot", "open", "nope" }, ["ballot", "show", "nope"], ["results", "nope"], ["ballot", "certify", "nope"], ["codes", "issue", "nope", "--count", "2"] })
        {
            var run = await _cli.Kiosk(args);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("there is no ballot 'nope' (ballots: p1)", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_a_facilitator_publishes_opens_and_closes()
    {
        await VotingCli.FoundAsync(_cli);
        var path = VotingCli.BallotFile(_cli, VotingCli.Plurality("p1"));
        var refused = await _cli.Kiosk("ballot", "create", path, "--as", "gateway-hall");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("BallotPublished refused (NotAuthorised)", refused.Error, StringComparison.Ordinal);

        await _cli.Ok("ballot", "create", path);
        var open = await _cli.Kiosk("ballot", "open", "p1", "--as", "gateway-hall");
        Assert.Equal(2, open.ExitCode);
        Assert.Contains("NotAuthorised", open.Error, StringComparison.Ordinal);
        Assert.Equal("draft", VotingCli.Json(await _cli.Ok("ballot", "list", "--json"))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Opening_twice_or_closing_an_unopened_ballot_is_a_clear_error()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p1")));
        var early = await _cli.Kiosk("ballot", "close", "p1");
        Assert.Equal(2, early.ExitCode);
        Assert.Contains("was never opened", early.Error, StringComparison.Ordinal);
        await _cli.Ok("ballot", "open", "p1");
        Assert.Contains("already open", (await _cli.Kiosk("ballot", "open", "p1")).Error, StringComparison.Ordinal);
        await _cli.Ok("ballot", "close", "p1");
        Assert.Contains("already closed", (await _cli.Kiosk("ballot", "close", "p1")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notice_is_posted_in_two_languages_and_a_bad_expiry_is_refused()
    {
        await VotingCli.FoundAsync(_cli);
        var posted = VotingCli.Json(await _cli.Ok("notice", "post", "--id", "meeting", "--title", "Meeting on Friday", "--title-es", "Reunión el viernes", "--text", "At 19:00 in the hall.", "--text-es", "A las 19:00 en la sala.", "--expires", "2030-06-01T20:00:00Z", "--json"));
        Assert.Equal("meeting", posted.GetProperty("notice").GetString());
        var events = VotingCli.Json(await _cli.Ok("status", "--events", "--json")).GetProperty("events").EnumerateArray();
        var notice = JsonDocument.Parse(events.Single(e => e.GetProperty("kind").GetString() == "NoticePosted").GetProperty("body").GetString()!).RootElement;
        Assert.Equal("Reunión el viernes", notice.GetProperty("title").GetProperty("es").GetString());
        Assert.Equal("A las 19:00 en la sala.", notice.GetProperty("text").GetProperty("es").GetString());

        var bad = await _cli.Kiosk("notice", "post", "--id", "x", "--title", "T", "--text", "T", "--expires", "next friday");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--expires: 'next friday' is not a date", bad.Error, StringComparison.Ordinal);
        var badId = await _cli.Kiosk("notice", "post", "--id", "Not An Id", "--title", "T", "--text", "T");
        Assert.Equal(2, badId.ExitCode);
        Assert.Contains("id must be", badId.Error, StringComparison.Ordinal);
    }
}
