using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Net;
using Kiosk.Button.Simulator;
using Kiosk.Devices;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk mesh serve</c>: runs this gateway's device broker on its ledger until Ctrl+C (the web host will run it as part
/// of <c>kiosk run</c>); with <c>--sim-buttons N</c> the first N enrolled buttons vote once through it as simulated ESP32s.
/// </summary>
public static class MeshCommand
{
    public static Command Create()
    {
        var gateway = new Option<string?>("--gateway") { Description = "This gateway's key name in keys/ (default: the only gateway-*.key)." };
        var address = new Option<string>("--address") { Description = "Address to listen on (127.0.0.1 by default; 0.0.0.0 for the LAN).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "MQTT port (0: a free one).", DefaultValueFactory = _ => 1883 };
        var sim = new Option<int>("--sim-buttons") { Description = "Run this many enrolled buttons (devices/*.json) as simulated ESP32s.", DefaultValueFactory = _ => 0 };
        var once = new Option<bool>("--once") { Description = "Stop after the simulated buttons voted (for scripts)." };
        var serve = new Command("serve", "Run the device broker (MQTT) on this gateway's ledger until Ctrl+C.") { gateway, address, port, sim, once };
        serve.SetAction(async context =>
        {
            if (!IPAddress.TryParse(context.Get(address), out var ip)) throw new UserErrorException($"--address must be an IP address, got '{context.Get(address)}'");
            await using var ledger = context.Data.OpenLedger();
            var (name, key) = DeviceFiles.GatewayKey(context.Data, context.Get(gateway));
            using var _ = key;
            await using var devices = await DeviceGateway.StartAsync(new DeviceGatewayOptions
            {
                Ledger = ledger,
                GatewayKey = key,
                RegistryPath = DeviceFiles.RegistryPath(context.Data),
                Broker = new DeviceBrokerOptions { Address = ip, Port = context.Get(port) },
            });
            await context.Output.WriteLineAsync($"Device broker of gateway {name}: {devices.BrokerUri}");
            await context.Output.WriteLineAsync($"  current ballot: {devices.CurrentBallot?.Ballot ?? "none open for buttons"}");
            var exit = 0;
            if (context.Get(sim) > 0)
            {
                var settings = SimulatorRun.LoadConfigs(DeviceFiles.ConfigFolder(context.Data), devices.BrokerUri, context.Get(sim));
                exit = await SimulatorRun.VoteOnceAsync(settings, context.Output, TimeSpan.FromSeconds(5));
            }
            if (context.Get(once)) return exit;
            await context.Output.WriteLineAsync("Serving; Ctrl+C stops.");
            try { await Task.Delay(Timeout.Infinite, context.Cancellation); }
            catch (OperationCanceledException) { }
            return exit;
        });
        var command = new Command("mesh", "The gateway's MQTT side: the broker for vote buttons, their secrets and settings files.");
        command.Subcommands.Add(serve);
        command.Subcommands.Add(MeshEnrolCommands.CreateEnrol());
        command.Subcommands.Add(MeshEnrolCommands.CreateSecret());
        return command;
    }
}
