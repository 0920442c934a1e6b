using System.Net;
using System.Net.Sockets;
using Kiosk.Gateway.Cli;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// A configured port that is busy: <c>kiosk run</c> stops with exit 2 and a sentence naming the port and the fix (a kiosk
/// screen pointed at a fixed address must not find nothing there); only the demo moves to a free port, and says so.
/// </summary>
public sealed class PortsTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly TcpListener _busy = new(IPAddress.Loopback, 0);

    public PortsTests() => _busy.Start();

    private string BusyPort => ((IPEndPoint)_busy.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _busy.Dispose();
        _cli.Dispose();
    }

    [Fact]
    public async Task Run_exits_2_naming_the_busy_kiosk_port_and_the_fix()
    {
        await _cli.Ok("init", "--name", "Elm Street");
        await _cli.Ok("gateway", "enrol", "--name", "hall");
        var run = await _cli.Kiosk("run", "--kiosk-port", BusyPort, "--console-port", "0", "--mqtt-port", "-1", "--peer-port", "-1", "--gpio", "none");
        Assert.Equal(CliRun.UserError, run.ExitCode);
        Assert.Contains($"port {BusyPort} on 127.0.0.1 is already in use by another program, so the kiosk and board cannot listen there (set by --kiosk-port)", run.Error, StringComparison.Ordinal);
        Assert.Contains("fix: stop that program", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("is running", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_exits_2_when_the_busy_port_comes_from_the_configuration_file_and_names_its_line()
    {
        await _cli.Ok("init", "--name", "Elm Street");
        await _cli.Ok("gateway", "enrol", "--name", "hall");
        var config = Path.Combine(_cli.Root, "kiosk.conf");
        File.WriteAllText(config, $"# the hall's gateway\nmqtt-port = -1\nconsole-port = {BusyPort}\n");
        var run = await _cli.Kiosk("run", "--config", config, "--kiosk-port", "0", "--peer-port", "-1", "--gpio", "none");
        Assert.Equal(CliRun.UserError, run.ExitCode);
        Assert.Contains($"so the console cannot listen there (set in {config} line 3)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_moves_a_busy_port_to_a_free_one_and_says_so()
    {
        var demo = await _cli.ServeUntil(null, ["The demo gateway is running"],
            "demo", "--kiosk-port", BusyPort, "--console-port", "0", "--mqtt-port", "-1", "--peer-port", "-1", "--gpio", "none");
        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Contains($"NOTE: port {BusyPort} on 127.0.0.1 is busy (another program listens there), so the kiosk and board moved to a free port", demo.Output, StringComparison.Ordinal);
        var kiosk = demo.Output.Split('\n').Single(l => l.TrimStart().StartsWith("kiosk:", StringComparison.Ordinal));
        Assert.DoesNotContain($":{BusyPort}/", kiosk, StringComparison.Ordinal);
    }
}
