using Kiosk.Voting.Ballots;
using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Net;
using Kiosk.Devices;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk mesh serve</c>: runs this gateway's device broker on its ledger until Ctrl+C (the web host will run it as part
/// of <c>kiosk run</c>). Simulated buttons run against it with <c>kiosk sim buttons</c> (the developer's tools).
/// </summary>
public static class MeshCommand
{
    public static Command Create()
    {
        var gateway = new Option<string?>("--gateway") { Description = "This gateway's key name in keys/ (default: the only gateway-*.key)." };
        var address = new Option<string>("--address") { Description = "Address to listen on (127.0.0.1 by default; 0.0.0.0 for the LAN).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "MQTT port (0: a free one).", DefaultValueFactory = _ => 1883 };
        var serve = new Command("serve", "Run the device broker (MQTT) on this gateway's ledger until Ctrl+C.") { gateway, address, port };
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
            await context.Output.WriteLineAsync("Serving; Ctrl+C stops.");
            try { await Task.Delay(Timeout.Infinite, context.Cancellation); }
            catch (OperationCanceledException) { }
            return 0;
        });
        var command = new Command("mesh", "The gateway's MQTT side: the broker for vote buttons, their secrets and settings files.");
        command.Subcommands.Add(serve);
        command.Subcommands.Add(MeshEnrolCommands.CreateEnrol());
        command.Subcommands.Add(MeshEnrolCommands.CreateSecret());
        return command;
    }
}
