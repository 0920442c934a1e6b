using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kiosk.Gateway.Cli;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// <c>./kiosk demo --gateways 3</c> as a newcomer runs it, a real process: three linked gateways in a line, a vote at
/// gateway 1's kiosk counted on gateway 3's board, the same seen by <c>kiosk status</c> of gateway 3's folder, and
/// Ctrl+C stopping them all.
/// </summary>
public sealed partial class MeshDemoTests : IDisposable
{
    /// <summary>Safety nets on a small machine shared with builds: never a pace (everything is polled).</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3), VoteDeadline = TimeSpan.FromSeconds(90), StopDeadline = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kiosk-mesh-demo-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_vote_at_gateway_one_is_counted_on_gateway_three_board_and_ctrl_c_stops_all_three()
    {
        using var demo = new DemoProcess("demo", "--gateways", "3", "--data", _root, "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "0", "--peer-port", "0", "--gpio", "none");
        await demo.WaitForAsync("Watch a vote cross the line", StartDeadline);
        var output = demo.Output;
        var kiosk = Url(output, "gateway 1, library-hall", "kiosk");
        var board = Url(output, "gateway 3, market-hall", "board");
        var code = CodesLine().Match(output).Groups[1].Value.Split("  ")[0];
        Assert.Contains($"1. Open gateway 3's board: {board}", output, StringComparison.Ordinal);
        Assert.Contains("The show of hands is an open vote (not secret)", output, StringComparison.Ordinal);
        Assert.Contains("a secret vote waits in the ballot box of the gateway where it was cast until 5 votes", output, StringComparison.Ordinal);

        using var http = new HttpClient();
        Assert.Matches("data-turnout=\"show-of-hands\">0 ", await http.GetStringAsync(board));
        await VoteAsync(kiosk, code);

        var page = "";
        await Poll.UntilAsync(async () => Regex.IsMatch(page = await http.GetStringAsync(board), "data-turnout=\"show-of-hands\">1 "),
            () => $"gateway 3's board never counted the vote:\n{page}\n{demo.Output}", VoteDeadline);
        await demo.WaitForAsync("[market-hall] counts 1 vote on \"Show of hands", VoteDeadline);
        Assert.Contains("[library-hall] counts 1 vote on \"Show of hands", demo.Output, StringComparison.Ordinal);

        // kiosk status of gateway 3's folder, from the file the running gateway rewrites every second: in step with all three.
        var far = Path.Combine(_root, "market-hall");
        JsonElement mesh = default;
        await Poll.UntilAsync(async () =>
        {
            using var status = new StringWriter();
            Assert.Equal(0, await KioskCli.RunAsync(["status", "--json", "--data", far], status));
            return JsonDocument.Parse(status.ToString()).RootElement.TryGetProperty("mesh", out mesh) && mesh.GetProperty("inStepWith").GetInt32() == 3;
        }, () => $"status never showed 3 of 3 in step:\n{mesh}", VoteDeadline);
        Assert.Equal(3, mesh.GetProperty("gateways").GetInt32());
        var peer = Assert.Single(mesh.GetProperty("peers").EnumerateArray());
        Assert.Equal("community-centre", peer.GetProperty("name").GetString());
        Assert.True(peer.GetProperty("connected").GetBoolean());
        using (var text = new StringWriter())
        {
            Assert.Equal(0, await KioskCli.RunAsync(["status", "--data", far], text));
            Assert.Contains("in step with 3 of 3 gateways", text.ToString(), StringComparison.Ordinal);
            Assert.Contains("community-centre", text.ToString(), StringComparison.Ordinal);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal(0, await demo.InterruptAsync(StopDeadline));
        Assert.Contains("Stopped the 3 gateways.", demo.Output, StringComparison.Ordinal);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetStringAsync(board)); // nothing serves any more
    }

    /// <summary>The URL printed as <paramref name="what"/> under the heading of one gateway.</summary>
    private static string Url(string output, string heading, string what)
    {
        var block = output[output.IndexOf(heading, StringComparison.Ordinal)..];
        return Regex.Match(block, $@"^\s+{what}:\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;
    }

    /// <summary>A resident's vote at the kiosk (Post/Redirect/Get): the code, the show of hands from the list of ballots, "yes", "Confirm".</summary>
    private static async Task VoteAsync(string kiosk, string code)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(kiosk) };
        async Task<string> Post(string path, KeyValuePair<string, string>[] fields)
        {
            using var response = await http.PostAsync(path, new FormUrlEncodedContent(fields));
            Assert.True(response.StatusCode == HttpStatusCode.SeeOther && response.Headers.Location is not null, $"kiosk step answered HTTP {(int)response.StatusCode}");
            return response.Headers.Location!.OriginalString;
        }
        var visit = await Post("/kiosk", [new("screen", "code"), new("lang", "en"), new("size", "m"), new("code", code), new("do", "check")]);
        await Post(visit, [new("screen", "ballots"), new("do", "ballot:" + DemoAssembly.ShowOfHands)]);
        await Post(visit, [new("screen", "vote"), new("do", "pick:yes")]);
        var receipt = await Post(visit, [new("screen", "review"), new("do", "confirm")]);
        var page = await http.GetStringAsync(receipt);
        Assert.True(page.Contains("id=\"tracker\"", StringComparison.Ordinal), $"no receipt for the vote:\n{page}");
    }

    [GeneratedRegex(@"voter codes \(each valid for every demo ballot\): (.+)$", RegexOptions.Multiline)]
    private static partial Regex CodesLine();
}
