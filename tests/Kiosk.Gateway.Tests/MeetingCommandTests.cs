namespace Kiosk.Gateway.Tests;

/// <summary><c>kiosk meeting</c>: open a meeting, check members in and out from the facilitator's side, see the quorum, end it.</summary>
public sealed class MeetingCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_facilitator_opens_a_meeting_checks_members_in_and_out_and_ends_it()
    {
        await VotingCli.FoundAsync(_cli);
        var refused = await _cli.Kiosk("meeting", "check-in", "december", "--member", "Flat 2B");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("no meeting 'december' is open", refused.Error, StringComparison.Ordinal);

        Assert.Contains("present 0 of 5 — quorum 2 ✗", (await _cli.Ok("meeting", "open", "december", "--members", "5", "--quorum", "1/3")).Output, StringComparison.Ordinal);
        await _cli.Ok("meeting", "check-in", "december", "--member", "Flat 2B");
        var two = (await _cli.Ok("meeting", "check-in", "december", "--member", "Flat 3A")).Output;
        Assert.Contains("present 2 of 5 — quorum 2 ✓", two, StringComparison.Ordinal);
        Assert.Contains("Flat 2B (checked in by", two, StringComparison.Ordinal);

        await _cli.Ok("meeting", "check-out", "december", "--member", "Flat 2B");
        var json = VotingCli.Json(await _cli.Ok("meeting", "show", "december", "--json"));
        Assert.False(json.GetProperty("quorate").GetBoolean());
        Assert.Equal("Flat 3A", json.GetProperty("present")[0].GetProperty("member").GetString());
        Assert.Equal("console", json.GetProperty("present")[0].GetProperty("source").GetString());

        var badQuorum = await _cli.Kiosk("meeting", "open", "january", "--members", "5", "--quorum", "a third");
        Assert.Contains("--quorum is a fraction such as 1/3", badQuorum.Error, StringComparison.Ordinal);

        Assert.Contains("december: ended", (await _cli.Ok("meeting", "end", "december")).Output, StringComparison.Ordinal);
    }
}
