using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// A ledger changed behind the gateway's back, as someone with the SD card could: <c>kiosk verify</c> names each
/// problem (exit 1), and the gateway refuses to serve anything from it — <c>status</c>, <c>results</c> and
/// <c>run</c> exit with a message that says what is wrong and to run <c>kiosk verify</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TamperedLedgerCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Database => Path.Combine(_cli.Data, "ledger.db");

    /// <summary>An assembly with a facilitator, a gateway, a seat button, an open ballot and one vote.</summary>
    private async Task FoundAsync()
    {
        await VotingCli.FoundAsync(_cli);
        await _cli.Ok("device", "enrol", "--id", "button-1", "--gateway", "hall", "--member", "seat-1");
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1"), "p1");
        var codes = await VotingCli.IssueAsync(_cli, "p1", 2);
        await _cli.Ok("vote", "--ballot", "p1", "--code", codes[0], "--choice", "a");
        await _cli.Ok("notice", "post", "--id", "hello", "--title", "Hello", "--text", "The newest event of a facilitator's feed.");
        await _cli.Ok("status");
    }

    private int Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$random", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return command.ExecuteNonQuery();
    }

    private async Task AssertRefusedAsync(params string[] args)
    {
        var run = await _cli.Kiosk(args).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 2, $"kiosk {string.Join(' ', args)} served a tampered ledger: {run}");
        Assert.Contains("fails its start-up check", run.Error, StringComparison.Ordinal);
        Assert.Contains("kiosk verify", run.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Tampering => new()
    {
        // sql, problem code, table
        { "UPDATE events SET authority = 0 WHERE kind = 'FacilitatorAdded'", "StaleProjection", "events" },
        { "UPDATE feeds SET head_seq = head_seq - 1 WHERE head_seq > 1", "StaleProjection", "feeds" },
        { "UPDATE feeds SET head_id = $random", "StaleProjection", "feeds" },
        { "UPDATE members SET name = 'Mallory' WHERE name = 'Ana'", "StaleProjection", "members" },
        { "UPDATE members SET role = 'Facilitator' WHERE name = 'hall'", "StaleProjection", "members" },
        { "UPDATE devices SET member = 'seat-9' WHERE device = 'button-1'", "StaleProjection", "devices" },
        { "INSERT INTO equivocations SELECT author, seq, id, raw FROM events WHERE kind = 'BallotOpened'", "BadEquivocation", "equivocations" },
        { "INSERT INTO events VALUES(x'01', 1, x'02', 'Junk', 0, x'03')", "MalformedRow", "events" },
        { "INSERT INTO pending VALUES(x'01', 1, x'02')", "MalformedRow", "pending" },
        { "INSERT INTO equivocations VALUES(x'01', 1, x'02', x'03')", "MalformedRow", "equivocations" },
        { "INSERT INTO feeds VALUES(x'01', 'x', x'02')", "MalformedRow", "feeds" },
        { "INSERT INTO members VALUES(x'01', 'Facilitator', 'junk', 'x')", "MalformedRow", "members" },
        { "INSERT INTO devices VALUES('junk', x'01', 'label', 5, 'x')", "MalformedRow", "devices" },
        { "INSERT INTO meta VALUES('junk', 'x')", "MalformedRow", "meta" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Verify_names_the_problem_and_the_gateway_refuses_to_serve(string sql, string code, string table)
    {
        await FoundAsync();
        Assert.True(Sql(sql) >= 1);

        var json = await _cli.Kiosk("verify", "--json");
        Assert.Equal(1, json.ExitCode);
        var problems = JsonDocument.Parse(json.Output).RootElement.GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("code").GetString() == code && p.GetProperty("table").GetString() == table);
        var text = await _cli.Kiosk("verify");
        Assert.Equal(1, text.ExitCode);
        Assert.Contains(code, text.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED", text.Output, StringComparison.Ordinal);

        await AssertRefusedAsync("status");
        await AssertRefusedAsync("results");
    }

    [Fact]
    public async Task A_cleared_authority_flag_shows_as_two_state_hashes_and_a_rebuild_restores_the_one_status_showed()
    {
        // The finding: this passed verify, and status, ballot list and results all changed.
        await FoundAsync();
        var before = VotingCli.Json(await _cli.Ok("status", "--json")).GetProperty("stateHash").GetString();
        Sql("UPDATE events SET authority = 0 WHERE kind = 'FacilitatorAdded'");

        var report = VotingCli.Json(await _cli.Kiosk("verify", "--json"));
        Assert.False(report.GetProperty("valid").GetBoolean());
        Assert.Equal(before, report.GetProperty("stateHash").GetString());
        Assert.NotEqual(before, report.GetProperty("storedStateHash").GetString());
        Assert.Contains(report.GetProperty("problems").EnumerateArray(), p => p.GetProperty("code").GetString() == "StateHashMismatch");
        await AssertRefusedAsync("results", "--ballot", "p1");

        await _cli.Ok("verify", "--rebuild");
        Assert.Equal(before, VotingCli.Json(await _cli.Ok("status", "--json")).GetProperty("stateHash").GetString());
    }

    [Fact]
    public async Task Deleting_a_feeds_newest_event_with_the_feeds_table_fixed_is_named_and_the_feed_is_not_written_again()
    {
        await FoundAsync();
        // The notice is the newest event of the founder's feed, which this data folder wrote (so it keeps a head record).
        var author = Convert.ToHexStringLower((byte[])Scalar("SELECT author FROM events WHERE kind = 'NoticePosted'")!);
        var newest = (long)Scalar($"SELECT MAX(seq) FROM events WHERE author = x'{author}'")!;
        Sql($"DELETE FROM events WHERE author = x'{author}' AND seq = {newest}");
        Sql($"UPDATE feeds SET head_seq = {newest - 1}, head_id = (SELECT id FROM events WHERE author = x'{author}' AND seq = {newest - 1}) WHERE author = x'{author}'");

        var verify = await _cli.Kiosk("verify");
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("FeedRolledBack", verify.Output, StringComparison.Ordinal);
        Assert.Contains($"own feed rolled back: head record says #{newest}, ledger ends at #{newest - 1}", verify.Output, StringComparison.Ordinal);

        await AssertRefusedAsync("status");
        // The gateway itself runs (getting the lost event back from a peer needs it running), says which feed is rolled
        // back, and writes nothing more to that feed: a notice by the founder is refused with the reason.
        var run = await _cli.ServeUntil(null, ["kiosk:"], "run", "--gateway", "gateway-hall", "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "-1", "--peer-port", "-1", "--gpio", "none");
        Assert.Contains($"warning: founder ({author[..12]})'s feed is rolled back here (it ends at #{newest - 1}, its head record says #{newest})", run.Output, StringComparison.Ordinal);
        await using var ledger = Kiosk.Ledger.Ledger.Open(Database, new Kiosk.Ledger.LedgerOptions { Kinds = Data.DataFolder.Kinds() });
        Assert.StartsWith("own feed rolled back", ledger.WhyFeedHeld(Kiosk.Ledger.Bytes32.Read(Convert.FromHexString(author))), StringComparison.Ordinal);
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
