using Kiosk.Voting.Ballots;
using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Net;
using Kiosk.Devices;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk device serve</c>: runs this gateway's device broker alone on its ledger until Ctrl+C (<c>kiosk run</c> runs
/// the same broker beside the web surfaces). Simulated buttons run against it with <c>kiosk sim buttons</c> (the
/// developer's tools).
/// </summary>
public static class DeviceServeCommand
{
    /// <summary>Builds the <c>serve</c> subcommand of <c>device</c>.</summary>
    public static Command Create()
    {
        var gateway = GatewayOption.Create("This gateway (its key must be in this data folder)");
        var address = new Option<string>("--address") { Description = "Address to listen on (127.0.0.1 by default; 0.0.0.0 for the LAN).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "MQTT port (0: a free one).", DefaultValueFactory = _ => 1883 };
        var serve = new Command("serve", "Run the broker for vote buttons (MQTT) on this gateway's ledger, without the web surfaces, until Ctrl+C.") { gateway, address, port };
        serve.SetAction(async context =>
        {
            if (!IPAddress.TryParse(context.Get(address), out var ip)) throw new UserErrorException($"--address must be an IP address, got '{context.Get(address)}'");
            await using var ledger = context.Data.OpenLedger();
            var self = GatewayName.Resolve(context.Data, ledger.Authority, context.Get(gateway), needKey: true);
            using var key = context.Data.ReadKey(self.KeyName!);
            await using var devices = await DeviceGateway.StartAsync(new DeviceGatewayOptions
            {
                Ledger = ledger,
                GatewayKey = key,
                RegistryPath = DeviceFiles.RegistryPath(context.Data),
                Broker = new DeviceBrokerOptions { Address = ip, Port = context.Get(port) },
            });
            await context.Output.WriteLineAsync($"Device broker of gateway {self.Name}: {devices.BrokerUri}");
            await context.Output.WriteLineAsync($"  current ballot: {devices.CurrentBallot?.Ballot ?? "none open for buttons"}");
            await context.Output.WriteLineAsync("Serving; Ctrl+C stops.");
            try { await Task.Delay(Timeout.Infinite, context.Cancellation); }
            catch (OperationCanceledException) { }
            return 0;
        });
        return serve;
    }
}
