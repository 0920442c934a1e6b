using Kiosk.Tools;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// <c>kiosk demo</c> run twice on the same folder, as the developer's <c>./kiosk</c> runs it: both times its three simulated
/// ESP32 buttons vote through the gateway's broker, and the second run's votes are new ones that count (each simulated
/// button keeps its press counter beside its settings file, as a board keeps it in flash).
/// </summary>
public sealed class DemoCommandTests : IDisposable
{
    private const string RollCall = "delegates-assembly-motion";
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private Task<CliRunner.Run> DemoAsync() => _cli.ServeUntil(DeveloperTools.Extensions,
        ["accepted, ", "enrolled; their settings are in"], // the simulator's summary, or what the demo says when no button votes
        "demo", "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "0", "--gpio", "none");

    private async Task<string[]> TrackersAsync() =>
        [.. (await VotingCli.ResultsAsync(_cli, RollCall)).GetProperty("trackers").EnumerateArray().Select(t => t.GetString()!)];

    [Fact]
    public async Task A_second_demo_on_the_same_folder_still_lets_its_simulated_buttons_vote()
    {
        var first = await DemoAsync();
        Assert.Contains("Created the demo assembly", first.Output, StringComparison.Ordinal);
        Assert.Contains("3 accepted, 0 refused", first.Output, StringComparison.Ordinal);
        var before = await TrackersAsync();
        Assert.Equal(3, before.Length);

        var second = await DemoAsync();
        Assert.Contains("Reusing the demo assembly", second.Output, StringComparison.Ordinal);
        Assert.Contains("3 accepted, 0 refused", second.Output, StringComparison.Ordinal);
        var after = await TrackersAsync();
        Assert.Equal(3, after.Length);                // the roll-call ballot counts each member's last vote
        Assert.Empty(after.Intersect(before));        // … and those are the second run's
        Assert.All(Directory.GetFiles(Path.Combine(_cli.Data, "devices"), "*.json"),
            f => Assert.Equal("2", File.ReadAllText(Kiosk.Button.Simulator.ButtonFlash.CounterFileOf(f))));
    }
}
