using Kiosk.Gateway.Data;
using System.Net;
using Kiosk.Gateway.Cli;
using Kiosk.Devices;

namespace Kiosk.Gateway.Tests;

/// <summary>The demo's wireless buttons: three simulated ESP32s vote once through a real broker on 127.0.0.1.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DemoButtonsTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task The_demo_buttons_vote_on_the_roll_call_ballot_and_each_vote_counts_once()
    {
        var data = new DataFolder(new DirectoryInfo(_cli.Data));
        await DemoAssembly.CreateAsync(data, 0, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        await DemoButtons.PrepareAsync(data, CancellationToken.None);
        // Secrets live in the gateway's registry and the settings files, never in the ledger.
        var settings = Directory.GetFiles(DeviceFiles.ConfigFolder(data), "*.json");
        Assert.Equal(DemoButtons.Count, settings.Length);
        Assert.All(settings, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));

        await using var ledger = data.OpenLedger();
        using var gateway = data.ReadKey(DemoAssembly.GatewayKey);
        await using var devices = await DeviceGateway.StartAsync(new DeviceGatewayOptions
        {
            Ledger = ledger,
            GatewayKey = gateway,
            RegistryPath = DeviceFiles.RegistryPath(data),
            Broker = new DeviceBrokerOptions { Address = IPAddress.Loopback, Port = 0 },
        });
        using var output = new StringWriter();
        await Kiosk.Tools.SimulatedDemoButtons.VoteOnceAsync(data, devices.BrokerUri, output);
        Assert.Contains("3 accepted, 0 refused", output.ToString(), StringComparison.Ordinal);

        var report = devices.Desk.Report("delegates-assembly-motion")!;
        Assert.Equal(3, report.Counted.Count);
        Assert.Equal(["Flat 1A", "Flat 1B", "Flat 2A"], report.Counted.Select(v => v.Body.Member).Order(StringComparer.Ordinal));
    }
}
