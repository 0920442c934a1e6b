using System.Text.RegularExpressions;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// One writer per data folder: the running gateway holds the folder's lock; commands that write go through its control
/// socket (and the board shows what they wrote without a restart) or are refused with a sentence; commands that only
/// read always run; a vote through the command line and one at the kiosk share the gateway's one ledger.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class FolderWriterTests : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BoardDeadline = TimeSpan.FromSeconds(30);

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private DataFolder Data => new(new DirectoryInfo(_cli.Data));

    [Fact]
    public async Task A_notice_and_a_ballot_made_while_the_gateway_runs_go_through_it_and_its_board_shows_them()
    {
        await VotingCli.FoundAsync(_cli);
        using var gateway = new DemoProcess("run", "--gateway", "hall", "--data", _cli.Data, "--kiosk-port", "0", "--console-port", "0",
            "--mqtt-port", "-1", "--peer-port", "-1", "--gpio", "none");
        await gateway.WaitForAsync("console:", StartDeadline);
        var board = new Uri(BoardLine().Match(gateway.Output).Groups[1].Value);
        var socket = ControlSocket.PathOf(Data);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));

        // This test process does not serve the folder: the commands travel over the control socket.
        var posted = await _cli.Ok("notice", "post", "--id", "lift", "--title", "The lift is repaired", "--text", "Since Monday.");
        Assert.Contains("Posted notice lift", posted.Output, StringComparison.Ordinal);
        await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p1").Replace("Ballot p1", "Paint the hall", StringComparison.Ordinal), "p1.yaml"));
        await _cli.Ok("ballot", "open", "p1");
        using var http = new HttpClient();
        var page = "";
        await Poll.UntilAsync(async () => (page = await http.GetStringAsync(board)).Contains("The lift is repaired", StringComparison.Ordinal)
            && page.Contains("Paint the hall", StringComparison.Ordinal), () => $"the board shows the notice and the ballot:\n{page}", BoardDeadline);

        // Reading needs no lock; a second gateway on the same folder is refused with a sentence.
        Assert.Contains("p1", (await _cli.Ok("ballot", "list")).Output, StringComparison.Ordinal);
        await _cli.Ok("verify");
        var second = await _cli.Kiosk("run", "--gateway", "hall", "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "-1", "--peer-port", "-1", "--gpio", "none");
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("another gateway (kiosk run or kiosk demo) is already serving the data folder", second.Error, StringComparison.Ordinal);

        Assert.Equal(0, await gateway.InterruptAsync(StartDeadline));
        Assert.False(File.Exists(socket), "the gateway removes its control socket when it stops");
        await _cli.Ok("notice", "remove", "lift"); // the lock is free again: the command writes itself
    }

    [Fact]
    public async Task A_command_line_vote_as_the_gateway_and_a_kiosk_vote_both_count()
    {
        await VotingCli.FoundAsync(_cli);
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("p1") + "\nsecret: false\n", "p1");
        var codes = await VotingCli.IssueAsync(_cli, "p1", 2);
        await using var host = await GatewayHost.StartAsync(new GatewayOptions { DataPath = _cli.Data, GatewayKeyName = "gateway-hall" });

        await _cli.Ok("vote", "p1", "--code", codes[0], "--choice", "a", "--gateway", "hall");
        // What the kiosk's confirm does: the gateway's desk records a vote, as the gateway, on the same feed.
        var kiosk = await host.Context.Desk.CastWithCodeAsync("p1", codes[1], ["b"]);
        Assert.True(kiosk.IsAccepted, kiosk.Refusal?.Message);
        Assert.Equal(2, (await VotingCli.ResultsAsync(_cli, "p1")).GetProperty("counted").GetInt32());
    }

    [Fact]
    public async Task A_command_that_writes_is_refused_with_a_sentence_while_another_holds_the_folder_and_one_that_reads_runs()
    {
        await VotingCli.FoundAsync(_cli);
        using (var held = FolderLock.TryTake(Data))
        {
            Assert.NotNull(held);
            var refused = await _cli.Kiosk("notice", "post", "--id", "lift", "--title", "T", "--text", "T");
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("or another command holds the data folder", refused.Error, StringComparison.Ordinal);
            Assert.Contains("kiosk notice post writes to it", refused.Error, StringComparison.Ordinal);
            await _cli.Ok("status");
            await _cli.Ok("notice", "list", "--all");
            Assert.DoesNotContain("lift", (await _cli.Ok("notice", "list", "--all")).Output, StringComparison.Ordinal);
        }
        await _cli.Ok("notice", "post", "--id", "lift", "--title", "T", "--text", "T");
    }

    [GeneratedRegex(@"board:\s+(\S+)")]
    private static partial Regex BoardLine();
}
