using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Button.Simulator;

namespace Kiosk.Tools;

/// <summary><c>kiosk sim buttons</c>: runs the firmware's logic as virtual buttons (real MQTT clients) against a gateway; each votes once.</summary>
public static class SimCommand
{
    public static Command Create()
    {
        var count = new Option<int?>("--count") { Description = "How many of the configured buttons to run (default: all)." };
        var config = new Option<string?>("--config") { Description = "Folder of button settings files (default: devices/ in the data folder)." };
        var broker = new Option<string?>("--broker") { Description = "mqtt://host:port of the gateway, overriding the settings files." };
        var buttons = new Command("buttons", "Run virtual vote buttons against a gateway's broker; each votes once in the open ballot.") { count, config, broker };
        buttons.SetAction(async context =>
        {
            var folder = context.Get(config) ?? DeviceFiles.ConfigFolder(context.Data);
            if (!Directory.Exists(folder)) throw new UserErrorException($"no button settings in {folder}: enrol buttons with `kiosk device enrol` first");
            Uri? uri = null;
            if (context.Get(broker) is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out uri) || uri.Scheme != "mqtt" || uri.Port < 1))
                throw new UserErrorException($"--broker must look like mqtt://127.0.0.1:1883, got '{text}'");
            var settings = SimulatorRun.LoadConfigs(folder, uri, context.Get(count));
            return await SimulatorRun.VoteOnceAsync(settings, context.Output, TimeSpan.FromSeconds(10));
        });
        var command = new Command("sim", "Simulators of the gateway's devices.");
        command.Subcommands.Add(buttons);
        return command;
    }
}
