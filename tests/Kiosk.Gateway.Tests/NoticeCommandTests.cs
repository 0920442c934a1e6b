using Kiosk.Gateway.Data;

namespace Kiosk.Gateway.Tests;

/// <summary><c>kiosk notice post|list|remove</c>: what the board shows, and taking a notice off every board.</summary>
public sealed class NoticeCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<List<(string? Id, string? Status)>> ListAsync(params string[] more) =>
        VotingCli.Json(await _cli.Ok(["notice", "list", "--json", .. more])).EnumerateArray()
            .Select(n => (n.GetProperty("id").GetString(), n.GetProperty("status").GetString())).ToList();

    [Fact]
    public async Task A_removed_notice_leaves_every_board_whatever_its_clock_and_stays_in_the_history()
    {
        await VotingCli.FoundAsync(_cli);
        Assert.Contains("The board shows no notices", (await _cli.Ok("notice", "list")).Output, StringComparison.Ordinal);
        await _cli.Ok("notice", "post", "--id", "meeting", "--title", "Meeting on Friday", "--text", "At 19:00.");
        await _cli.Ok("notice", "post", "--id", "lift", "--title", "Lift repaired", "--text", "Since Monday.");
        await _cli.Ok("notice", "post", "--id", "fair", "--title", "Street fair", "--text", "Last year's.", "--expires", "2001-06-01T20:00:00Z");
        Assert.Equal([("lift", "shown"), ("meeting", "shown")], (await ListAsync()).Order());
        Assert.Contains("Meeting on Friday", (await _cli.Ok("notice", "list")).Output, StringComparison.Ordinal);

        var removed = await _cli.Ok("notice", "remove", "meeting");
        Assert.Contains("Removed notice meeting", removed.Output, StringComparison.Ordinal);
        Assert.Equal([("lift", "shown")], await ListAsync());
        Assert.Equal([("fair", "expired"), ("lift", "shown"), ("meeting", "removed")], (await ListAsync("--all")).Order());

        // What the board reads: the notice is not current at any time a gateway's clock can show.
        await using (var ledger = new DataFolder(new DirectoryInfo(_cli.Data)).OpenLedger())
        {
            var notice = AssemblyBallots.Read(ledger).Projection.Notices["meeting"];
            Assert.False(notice.IsCurrent(DateTimeOffset.UnixEpoch.AddSeconds(1)));
            Assert.False(notice.IsCurrent(DateTimeOffset.UtcNow));
            Assert.Equal(4, ledger.ReadAll().Count(e => e.Kind == Kiosk.Voting.Ballots.VotingKinds.NoticePosted)); // 3 posts and the removal
        }

        Assert.Contains("notice 'meeting' is already removed", (await _cli.Kiosk("notice", "remove", "meeting")).Error, StringComparison.Ordinal);
        Assert.Contains("notice 'fair' expired at 2001-06-01", (await _cli.Kiosk("notice", "remove", "fair")).Error, StringComparison.Ordinal);
        var typo = await _cli.Kiosk("notice", "remove", "lfit");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("there is no notice 'lfit'; did you mean lift?", typo.Error, StringComparison.Ordinal);

        // Posting the same id again puts it back.
        await _cli.Ok("notice", "post", "--id", "meeting", "--title", "Meeting moved to Saturday", "--text", "At 11:00.");
        Assert.Contains(("meeting", "shown"), await ListAsync());
    }
}
