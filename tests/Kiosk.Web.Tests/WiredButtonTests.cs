using Kiosk.Gateway;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Kiosk.Voting.Ballots;
using Kiosk.Hardware;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>The wired button station in the running gateway: kiosk controller on simulated pins, roll-call votes, pin maps checked at start.</summary>
[Collection(SharedBrowser.Name)]
public sealed class WiredButtonTests(WebFixture fixture)
{
    [Fact]
    public async Task Simulated_pin_presses_move_select_and_go_back_on_the_open_kiosk_page()
    {
        await using var world = await WiredGateway.StartAsync();
        var resident = world.Host.ResidentUri.ToString().TrimEnd('/');
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{resident}/kiosk/code?lang=en");
        await page.Locator("#code").FillAsync(world.Codes[0]);
        await page.Locator("button.primary[value=check]").ClickAsync();
        await page.ChooseBallotAsync("motion-quiet-hours");
        await page.WaitForFunctionAsync("() => window.kioskLive && window.kioskLive.readyState === 1");

        world.Click("no");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Which ballot do you want to vote on?");
        await page.ChooseBallotAsync("motion-quiet-hours");
        await page.WaitForFunctionAsync("() => window.kioskLive && window.kioskLive.readyState === 1");
        world.Click("yes");
        world.Click("abstain");
        await Expect(page.Locator("button[value='pick:no']")).ToBeFocusedAsync();
        world.Click("confirm");
        await Expect(page.Locator("#summary")).ToContainTextAsync("No");
        // The presses below reach the review page through its own live connection: wait until it is open, or a press
        // made while the page is still connecting is lost (the test then saw the review page stay).
        await page.WaitForFunctionAsync("() => window.kioskLive && window.kioskLive.readyState === 1");

        // A long press goes back too, and a bounce shorter than the debounce time is no press at all.
        var presses = new List<ControllerButton>();
        world.Host.WiredStation.ControllerPressed += (_, b) => presses.Add(b);
        world.Driver.Press(world.Map.Station.Buttons["yes"]);
        world.Driver.Release(world.Map.Station.Buttons["yes"]);
        world.Click("confirm", holdMs: 1000);
        Assert.Equal([ControllerButton.Back], presses);
        Assert.False(world.LedOn("yes") || world.LedOn("confirm"));
        // The long press took the page back from the review to the ballot. Wait for that page before closing: closing
        // in the middle of a navigation the page started itself is what hung this test (see WebFixture.CloseAsync).
        await Expect(page.Locator("h1")).ToHaveTextAsync("Quiet hours in the courtyard from 22:00");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_wired_audio_controls_switch_audio_mode_repeat_and_change_the_speed()
    {
        await using var world = await WiredGateway.StartAsync(audio: true);
        var resident = world.Host.ResidentUri.ToString().TrimEnd('/');
        var presses = new List<ControllerButton>();
        world.Host.WiredStation.ControllerPressed += (_, b) => presses.Add(b);
        var page = await fixture.NewPageAsync(800, 480);
        await page.GotoAsync($"{resident}/kiosk/code?lang=en");
        await page.UntilAsync("window.kioskLive && window.kioskLive.readyState === 1");

        world.Click("audio");
        await page.UntilAsync("kioskSpeech.on");
        var rate = await page.EvaluateAsync<int>("kioskSpeech.rate");
        world.Click("faster");
        await page.UntilAsync("r => kioskSpeech.rate === r", rate + 20);
        world.Click("slower");
        world.Click("slower");
        await page.UntilAsync("r => kioskSpeech.rate === r", rate - 20);
        var spoken = await page.EvaluateAsync<int>("kioskSpeech.spoken");
        world.Click("repeat");
        await page.UntilAsync("n => kioskSpeech.spoken > n", spoken);
        // A long press of a control is that control, never "back".
        world.Click("audio", holdMs: 1000);
        await page.UntilAsync("!kioskSpeech.on");
        Assert.Equal([ControllerButton.Audio, ControllerButton.Faster, ControllerButton.Slower, ControllerButton.Slower, ControllerButton.Repeat, ControllerButton.Audio], presses);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Enter your voter code");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task With_a_station_device_a_press_and_confirm_cast_a_counted_roll_call_vote()
    {
        await using var world = await WiredGateway.StartAsync(rollCall: true, stationDevice: "button-1");
        var voting = Assert.IsType<WiredVotingStation>(world.Host.WiredStation.Voting);
        var voted = new TaskCompletionSource<VoteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        voting.Voted += (_, o) => voted.TrySetResult(o);
        var controller = new List<ControllerButton>();
        world.Host.WiredStation.ControllerPressed += (_, b) => controller.Add(b);
        Assert.True(world.LedOn("yes") && world.LedOn("no") && world.LedOn("abstain") && !world.LedOn("confirm"));

        world.Click("yes");
        Assert.True(world.LedOn("yes") && world.LedOn("confirm") && !world.LedOn("no"));
        world.Click("confirm");
        var outcome = await voted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(outcome.IsAccepted, outcome.Refusal?.ToString());
        var report = Assert.IsType<BallotReport>(world.Host.Context.Desk.Report(WiredGateway.RollCallBallot));
        var vote = Assert.Single(report.Counted);
        Assert.Equal(("button-1", "Flat 1A", "yes"), (vote.Body.Device, vote.Body.Member, vote.Body.Choice.Single()));
        Assert.Empty(controller);
    }

    [Fact]
    public async Task A_bad_pin_map_stops_the_gateway_with_a_clear_error_naming_the_file()
    {
        var data = Directory.CreateTempSubdirectory("kiosk-badmap").FullName;
        try
        {
            await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(data)), 0, CancellationToken.None, argonMemoryKiB: 8 * 1024);
            var good = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "boards", "raspberry-pi-4.json"));
            var bad = Path.Combine(data, "twice.json");
            File.WriteAllText(bad, good.Replace("\"no\": 6", "\"no\": 5", StringComparison.Ordinal));

            var thrown = await Assert.ThrowsAsync<UserErrorException>(() => GatewayHost.StartAsync(WebFixture.Options(data) with
            {
                Wired = new WiredStationOptions { Board = bad, Driver = () => new SimulatedGpioDriver() },
            }));
            Assert.Contains(bad, thrown.Message, StringComparison.Ordinal);
            Assert.Contains("GPIO 5 (header pin 29) is used twice", thrown.Message, StringComparison.Ordinal);

            var (exit, error) = await RunAsync(["run", "--data", data, "--gateway", DemoAssembly.GatewayKey, "--board", bad, "--gpio", "sim",
                "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "-1", "--peer-port", "-1"]);
            Assert.Equal(CliRun.UserError, exit);
            Assert.Contains($"pin map {bad} is not usable", error, StringComparison.Ordinal);
            Assert.Contains("is used twice", error, StringComparison.Ordinal);

            (exit, error) = await RunAsync(["run", "--data", data, "--gateway", DemoAssembly.GatewayKey, "--board", "raspberry-pi-9", "--gpio", "sim",
                "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "-1", "--peer-port", "-1"]);
            Assert.Equal(CliRun.UserError, exit);
            Assert.Contains("no such board (built in: raspberry-pi-4, raspberry-pi-4-station, raspberry-pi-5, raspberry-pi-5-station)", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<(int Exit, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await KioskCli.RunAsync(args, output, error);
        return (exit, error.ToString());
    }
}
