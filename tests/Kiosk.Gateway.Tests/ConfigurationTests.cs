using System.Collections;
using System.Text.Json;
using Kiosk.Gateway.Cli;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// <c>kiosk run</c>'s configuration: flags beat <c>KIOSK_*</c> environment variables, which beat the configuration file,
/// which beats the defaults; <c>kiosk config check</c> shows each effective value and where it came from; a bad value
/// exits 2 naming the file, the line and the fix.
/// </summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Config(string text)
    {
        var path = Path.Combine(_cli.Root, "kiosk.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<CliRunner.Run> CheckAsync(IDictionary environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await KioskCli.RunAsync(["config", "check", .. args, "--data", _cli.Data], output, error, new CliExtensions { Environment = environment });
        return new CliRunner.Run(code, output.ToString(), error.ToString());
    }

    private static Dictionary<string, (string Value, string Origin, string Where)> Settings(CliRunner.Run run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Output).RootElement.GetProperty("settings").EnumerateArray().ToDictionary(
            s => s.GetProperty("key").GetString()!,
            s => (s.GetProperty("value").GetString()!, s.GetProperty("origin").GetString()!, s.GetProperty("where").GetString()!));
    }

    [Fact]
    public async Task Flags_beat_the_environment_which_beats_the_file_which_beats_the_defaults()
    {
        var config = Config("""
            # /etc/kiosk/kiosk.conf of the library hall
            kiosk-port = 9080
            console-port = 9081
            idle = 45
            console-address = "192.168.1.20"
            no-discovery = true
            camera = true
            card-pin = "required"
            """);
        var environment = new Hashtable { ["KIOSK_CONSOLE_PORT"] = "9181", ["KIOSK_IDLE"] = "30", ["PATH"] = "/usr/bin" };
        var settings = Settings(await CheckAsync(environment, "--config", config, "--idle", "90", "--json"));
        Assert.Equal(("9080", "file", $"{config} line 2"), settings["kiosk-port"]);
        Assert.Equal(("9181", "environment", "KIOSK_CONSOLE_PORT"), settings["console-port"]);
        Assert.Equal(("90", "flag", "--idle"), settings["idle"]);
        Assert.Equal(("192.168.1.20", "file", $"{config} line 5"), settings["console-address"]);
        Assert.Equal(("true", "file", $"{config} line 6"), settings["no-discovery"]);
        Assert.Equal(("true", "file", $"{config} line 7"), settings["camera"]);
        Assert.Equal(("required", "file", $"{config} line 8"), settings["card-pin"]);
        Assert.Equal(("127.0.0.1", "default", "default"), settings["kiosk-address"]);
        Assert.Equal(("information", "default", "default"), settings["log-level"]);
        Assert.Equal(("optional", "default", "default"), Settings(await CheckAsync(new Hashtable(), "--json"))["card-pin"]);
        Assert.Equal(("required", "environment", "KIOSK_CARD_PIN"), Settings(await CheckAsync(new Hashtable { ["KIOSK_CARD_PIN"] = "required" }, "--json"))["card-pin"]);

        // KIOSK_CONFIG names the file when --config does not; the table says where each value came from.
        var table = await CheckAsync(new Hashtable { ["KIOSK_CONFIG"] = config });
        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"configuration file: {config}", table.Output, StringComparison.Ordinal);
        Assert.Matches($@"kiosk-port\s+│\s+9080\s+│\s+{System.Text.RegularExpressions.Regex.Escape(config)} line 2", table.Output);
    }

    [Theory]
    [InlineData("kiosk-port = \"8080\"\n", 1, "kiosk-port = \"8080\" is not a whole number; fix: write digits without quotes (kiosk-port = 8080)")]
    [InlineData("# ports\nconsole-port = 70000\n", 2, "console-port = 70000: a port is a number from 0 (any free port) to 65535; fix: console-port = 0")]
    [InlineData("idle = 60\nkiosk-prt = 8080\n", 2, "there is no setting 'kiosk-prt'; did you mean kiosk-port?")]
    [InlineData("log-level = \"chatty\"\n", 1, "log-level = \"chatty\": the log level is trace, debug, information, warning, error, critical or none; fix: log-level = information")]
    [InlineData("kiosk-address = \"the hall\"\n", 1, "kiosk-address = \"the hall\": an address is an IP address")]
    [InlineData("audio = \"speaker\"\n", 1, "audio = \"speaker\": the audio ballot is off, headphones or loudspeaker; fix: audio = headphones")]
    [InlineData("headphone-jack = \"0\"\n", 1, "headphone-jack = \"0\": a headphone jack needs the audio ballot: add --audio headphones; fix: headphone-jack = 0")]
    [InlineData("card-pin = \"always\"\n", 1, "card-pin = \"always\": card-plus-PIN is optional or required; fix: card-pin = required")]
    [InlineData("\n\nidle = \n", 3, "this is not valid TOML")]
    [InlineData("[gateway]\nidle = 3\n", 1, "kiosk.conf has no [sections]")]
    public async Task A_bad_value_in_the_file_exits_2_naming_the_file_the_line_and_the_fix(string text, int line, string expected)
    {
        var config = Config(text);
        var check = await CheckAsync(new Hashtable(), "--config", config);
        Assert.Equal(CliRun.UserError, check.ExitCode);
        Assert.Contains($"{config} line {line}: ", check.Error, StringComparison.Ordinal);
        Assert.Contains(expected, check.Error, StringComparison.Ordinal);
        Assert.Contains("fix: ", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_example_files_commented_out_settings_are_valid_once_switched_on()
    {
        // packaging/kiosk.conf shows optional settings as "# key = value": each must work as written once uncommented.
        var optional = new System.Text.RegularExpressions.Regex(@"^# ([a-z-]+) = (.+)$");
        var lines = File.ReadAllLines(Repo.Path("packaging/kiosk.conf"));
        var switched = lines.Select(l => optional.Match(l)).Where(m => m.Success).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'));
        Assert.Contains("card-pin", switched.Keys);
        Assert.Contains("camera", switched.Keys);
        var config = Config(string.Join('\n', lines.Select(l => optional.IsMatch(l) ? l[2..] : l)) + "\n");
        var settings = Settings(await CheckAsync(new Hashtable(), "--config", config, "--json"));
        foreach (var (key, value) in switched)
        {
            Assert.Equal(value, settings[key].Value);
            Assert.Equal("file", settings[key].Origin);
        }
    }

    [Fact]
    public async Task A_bad_environment_value_or_a_missing_named_file_exits_2_with_the_fix()
    {
        var bad = await CheckAsync(new Hashtable { ["KIOSK_KIOSK_PORT"] = "eighty" });
        Assert.Equal(CliRun.UserError, bad.ExitCode);
        Assert.Contains("KIOSK_KIOSK_PORT=eighty: kiosk-port is a whole number; fix:", bad.Error, StringComparison.Ordinal);
        var missing = await CheckAsync(new Hashtable { ["KIOSK_CONFIG"] = Path.Combine(_cli.Root, "nowhere.conf") });
        Assert.Equal(CliRun.UserError, missing.ExitCode);
        Assert.Contains("KIOSK_CONFIG names ", missing.Error, StringComparison.Ordinal);
        Assert.Contains("which does not exist", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_takes_its_gateway_and_ports_from_the_file_and_the_environment()
    {
        await _cli.Ok("init", "--name", "Elm Street");
        await _cli.Ok("gateway", "enrol", "--name", "hall");
        await _cli.Ok("gateway", "enrol", "--name", "annex");
        var port = FreePort();
        var config = Config($"gateway = \"annex\"\nconsole-port = {port}\nmqtt-port = -1\npeer-port = -1\ngpio = \"none\"\n");
        using var output = new WatchedWriter();
        using var error = new WatchedWriter();
        using var stop = new CancellationTokenSource();
        var seen = output.WaitForAnyAsync(["console:"]);
        var running = KioskCli.RunAsync(["run", "--config", config, "--data", _cli.Data], output, error,
            new CliExtensions { Environment = new Hashtable { ["KIOSK_KIOSK_PORT"] = "0" } }, stop.Token);
        var first = await Task.WhenAny(seen, running, Task.Delay(TimeSpan.FromMinutes(2)));
        await stop.CancelAsync();
        Assert.Equal(0, await running);
        Assert.True(first == seen, $"{output}\n{error}");
        Assert.Contains("Gateway annex of \"Elm Street\" is running", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"console:  http://127.0.0.1:{port}/console", output.ToString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
