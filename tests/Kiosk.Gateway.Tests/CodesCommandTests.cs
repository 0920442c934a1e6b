using Kiosk.Gateway.Data;
using System.Text;
using System.Text.RegularExpressions;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Tests;

/// <summary><c>kiosk codes issue</c>: the ledger gets only double hashes; the codes exist only on the owner-only sheet.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CodesCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task The_sheet_has_one_slip_and_one_inline_qr_code_per_code_with_instructions_in_english_and_spanish()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("ballot", "create", Repo.Path("docs/examples/irv.yaml"));
        var run = VotingCli.Json(await _cli.Ok("codes", "issue", "garden-name", "--count", "7", "--json"));
        Assert.False(run.TryGetProperty("codes", out _));
        var sheet = run.GetProperty("sheet").GetString()!;
        Assert.StartsWith(Path.Combine(_cli.Data, "sheets", "garden-name-"), sheet, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sheet));

        var html = File.ReadAllText(sheet);
        Assert.Equal(7, Regex.Count(html, "<div class=\"slip\">"));
        Assert.Equal(7, Regex.Count(html, "<svg"));
        Assert.Contains("@page", html, StringComparison.Ordinal);
        Assert.Contains("page-break-inside: avoid", html, StringComparison.Ordinal);
        Assert.Contains("Name the community garden", html, StringComparison.Ordinal);
        Assert.Equal(7, Regex.Count(html, "<p class=\"how\" lang=\"en\">How to vote"));
        Assert.Equal(7, Regex.Count(html, "<p class=\"how\" lang=\"es\">Cómo votar"));
        Assert.Contains("The code works once.", html, StringComparison.Ordinal);
        // Nothing is fetched from outside when it is opened or printed.
        Assert.DoesNotMatch("<script|<link|<img|src=|url\\(", html);

        var codes = VotingCli.CodesIn(html).Distinct().ToList();
        Assert.Equal(7, codes.Count);
        Assert.All(codes, c => Assert.NotNull(VoterCode.Normalize(c, out _)));
        Assert.Empty(VotingCli.CodesIn(run.ToString()));
        AssertNotInLedgerFiles(codes);
    }

    [Fact]
    public async Task Codes_are_printed_only_when_asked_and_they_vote()
    {
        await VotingCli.FoundAsync(_cli);
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1"), "p1");
        var quiet = await _cli.Ok("codes", "issue", "p1", "--count", "2");
        Assert.Empty(VotingCli.CodesIn(quiet.Output));
        Assert.Contains("Issued 2 code(s) for p1", quiet.Output, StringComparison.Ordinal);
        Assert.Contains("Printable sheet: ", quiet.Output, StringComparison.Ordinal);

        var codes = await VotingCli.IssueAsync(_cli, "p1", 3);
        Assert.Equal(3, codes.Count);
        await _cli.Ok("vote", "p1", "--code", codes[0], "--choice", "a");
        await _cli.Ok("ballot", "close", "p1");
        AssertNotInLedgerFiles(codes);
        // A vote carries the code's credential for this ballot: neither the code nor H(code), which would be the same on every ballot.
        var events = (await _cli.Ok("status", "--events", "--json")).Output;
        var normalized = VoterCode.Normalize(codes[0], out _)!;
        Assert.Contains(VoterCode.Credential(normalized, "p1"), events, StringComparison.Ordinal);
        Assert.DoesNotContain(VoterCode.Hash(normalized), events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_run_is_split_into_events_of_at_most_the_maximum()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p1")));
        var run = VotingCli.Json(await _cli.Ok("codes", "issue", "p1", "--count", (VoterCodesIssuedBody.MaxCodes + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"));
        Assert.Equal(2, run.GetProperty("events").GetArrayLength());
        Assert.Equal(VoterCodesIssuedBody.MaxCodes + 1, VotingCli.Json(await _cli.Ok("ballot", "show", "p1", "--json")).GetProperty("codesIssued").GetDecimal());
    }

    [Fact]
    public async Task Weighted_codes_carry_their_weight_into_the_tally()
    {
        await VotingCli.FoundAsync(_cli);
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1"), "p1");
        var heavy = await VotingCli.IssueAsync(_cli, "p1", 1, "--weight", "2.5");
        var light = await VotingCli.IssueAsync(_cli, "p1", 2);
        await _cli.Ok("vote", "p1", "--code", heavy[0], "--choice", "b");
        await _cli.Ok("vote", "p1", "--code", light[0], "--choice", "a");
        await _cli.Ok("vote", "p1", "--code", light[1], "--choice", "a");
        await _cli.Ok("ballot", "close", "p1");
        var results = await VotingCli.ResultsAsync(_cli, "p1");
        Assert.Equal(4.5m, results.GetProperty("eligible").GetDecimal());
        Assert.Equal(4.5m, results.GetProperty("tally").GetProperty("totalVotes").GetDecimal());
        Assert.Equal("b", results.GetProperty("winners")[0].GetString());
    }

    [Fact]
    public async Task Session_codes_vote_once_on_each_ballot_of_the_session()
    {
        await VotingCli.FoundAsync(_cli);
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1", "first-counts"), "p1");
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p2", "first-counts"), "p2");
        var code = (await VotingCli.IssueAsync(_cli, "p1,p2", 1))[0];
        await _cli.Ok("vote", "p1", "--code", code, "--choice", "a");
        await _cli.Ok("vote", "p2", "--code", code, "--choice", "c");
        Assert.Equal(1, (await _cli.Kiosk("vote", "p2", "--code", code, "--choice", "b")).ExitCode);
    }

    [Fact]
    public async Task Codes_are_refused_for_roll_call_ballots_non_facilitators_and_bad_counts_and_leave_no_sheet()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("ballot", "create", Repo.Path("docs/examples/roll-call.yaml"));
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p1")));
        var rollCall = await _cli.Kiosk("codes", "issue", "delegates-assembly-motion", "--count", "3");
        Assert.Equal(2, rollCall.ExitCode);
        Assert.Contains("is a roll-call ballot", rollCall.Error, StringComparison.Ordinal);
        var gateway = await _cli.Kiosk("codes", "issue", "p1", "--count", "3", "--as", "gateway-hall");
        Assert.Equal(2, gateway.ExitCode);
        Assert.Contains("is not a facilitator", gateway.Error, StringComparison.Ordinal);
        var zero = await _cli.Kiosk("codes", "issue", "p1", "--count", "0");
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("--count must be between 1", zero.Error, StringComparison.Ordinal);
        var sheets = Path.Combine(_cli.Data, "sheets");
        Assert.True(!Directory.Exists(sheets) || Directory.GetFiles(sheets).Length == 0);
        Assert.Equal(0, VotingCli.Json(await _cli.Ok("ballot", "show", "p1", "--json")).GetProperty("codesIssued").GetDecimal());
    }

    /// <summary>No code, in any spelling, is in the SQLite database or its journal files.</summary>
    private void AssertNotInLedgerFiles(IEnumerable<string> codes)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(_cli.Data, "ledger.db*");
        Assert.NotEmpty(files);
        var bytes = string.Concat(files.Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        foreach (var code in codes)
        {
            Assert.DoesNotContain(code, bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), bytes, StringComparison.Ordinal);
        }
    }
}
