using Kiosk.Button.Simulator;

// kiosk-button-sim --config DIR [--broker mqtt://host:port] [--count N]
// Runs the firmware's logic as N virtual buttons (real MQTT clients) against a gateway; each votes once.
string? config = null;
Uri? broker = null;
int? count = null;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--config": config = args[++i]; break;
        case "--broker": broker = new Uri(args[++i]); break;
        case "--count": count = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
    }
}
if (config is null)
{
    Console.Error.WriteLine("usage: kiosk-button-sim --config DIR [--broker mqtt://host:port] [--count N]");
    return 2;
}
return await SimulatorRun.VoteOnceAsync(SimulatorRun.LoadConfigs(config, broker, count), Console.Out, TimeSpan.FromSeconds(10));
