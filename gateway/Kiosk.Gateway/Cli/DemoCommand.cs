using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk demo</c>: sets up a demo assembly in the data folder on embedded defaults (SQLite ledger, keys, open
/// ballots of several methods, voter codes, a facilitator login), says what it made and where, then serves the kiosk,
/// board and console until Ctrl+C (<c>--no-serve</c> stops after the summary). Run again, it reuses the folder.
/// <c>--gateways N</c> runs N linked gateways instead (<see cref="MeshDemo"/>).
/// </summary>
public static class DemoCommand
{
    /// <summary>The demo assembly's name.</summary>
    public const string AssemblyName = DemoAssembly.Name;

    /// <summary>How many voter codes the demo issues.</summary>
    public const int DemoCodes = 8;

    /// <summary>The <c>demo</c> command; <paramref name="runButtons"/> presses the demo's buttons once the gateway serves (null: none).</summary>
    public static Command Create(Func<DataFolder, Uri, TextWriter, Task>? runButtons = null)
    {
        var noServe = new Option<bool>("--no-serve") { Description = "Only create (or check) the demo assembly; do not start the web surfaces." };
        var gateways = new Option<int>("--gateways")
        {
            Description = $"Run this many linked gateways (1 to {MeshDemo.MaxGateways}) on this machine, in a line, each with its own folder under the data folder and its own ports.",
            DefaultValueFactory = _ => 1,
        };
        var serve = new ServeOptions(GpioChoice.Sim, movePorts: true, defaultLogLevel: LogLevel.Warning);
        var command = new Command("demo", "Create (or reuse) a demo assembly in the data folder, then serve its kiosk, board and console (with --gateways N: N linked gateways).") { noServe, gateways };
        serve.AddTo(command);
        command.SetAction(async context =>
        {
            var count = context.Get(gateways);
            if (count != 1) return await MeshDemo.RunAsync(context, serve, count, context.Get(noServe), runButtons);
            var created = !context.Data.HasLedger;
            if (created)
            {
                await DemoAssembly.CreateAsync(context.Data, DemoCodes, context.Cancellation);
                await DemoButtons.PrepareAsync(context.Data, context.Cancellation);
            }
            await using var ledger = context.Data.OpenLedger();
            var report = LedgerVerifier.Verify(context.Data.LedgerPath, DataFolder.Kinds());
            var authority = ledger.Authority;
            if (context.Json)
            {
                await context.WriteJsonAsync(new DemoOutput(created, context.Data.Root.FullName, context.Data.LedgerPath, context.Data.KeysPath,
                    ledger.Assembly?.ToString(), authority.AssemblyName, report.Events, report.IsValid, report.StateHash?.ToHex(),
                    authority.Members.Values.Select(m => new MemberOutput(m.Role.ToString().ToLowerInvariant(), m.Name, m.Key.ToHex())),
                    authority.Devices.Keys.Order(StringComparer.Ordinal)));
                return report.IsValid ? 0 : CliRun.CheckFailed;
            }
            var o = context.Output;
            await o.WriteLineAsync(created ? $"Created the demo assembly in {context.Data.Root.FullName}" : $"Reusing the demo assembly in {context.Data.Root.FullName}");
            await o.WriteLineAsync($"  assembly:  {authority.AssemblyName} ({ledger.Assembly})");
            await o.WriteLineAsync($"  ledger:    {context.Data.LedgerPath} (SQLite, WAL, synchronous=FULL)");
            await o.WriteLineAsync($"  keys:      {context.Data.KeysPath} (Ed25519 seeds, mode 0600)");
            foreach (var m in authority.Members.Values.OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.Ordinal))
                await o.WriteLineAsync($"  {m.Role.ToString().ToLowerInvariant(),-12} {m.Name,-20} {m.Key.ShortHex}…");
            foreach (var d in authority.Devices.Values.OrderBy(d => d.Device, StringComparer.Ordinal))
                await o.WriteLineAsync($"  {"button",-12} {d.Device,-20} {d.Label}{(d.Member is null ? "" : $" (seat: {d.Member})")}");
            await o.WriteLineAsync($"  verified:  {report.Events} events, {(report.IsValid ? "every signature, chain and authorisation checks out" : $"{report.Problems.Count} PROBLEMS")}");
            await o.WriteLineAsync($"  state:     {report.StateHash?.ToHex()}");
            var data = context.Data.Root.FullName;
            if (!report.IsValid) return CliRun.CheckFailed;
            if (context.Get(noServe))
            {
                await o.WriteLineAsync("Try next:");
                await o.WriteLineAsync($"  ./kiosk demo --data {data}          # serve the kiosk, board and console");
                await o.WriteLineAsync($"  ./kiosk status --events --data {data}");
                await o.WriteLineAsync($"  ./kiosk verify --data {data}");
                return 0;
            }
            await ledger.DisposeAsync(); // the host opens its own
            return await ServeAsync(context, serve, runButtons);
        });
        return command;
    }

    private static async Task<int> ServeAsync(CommandContext context, ServeOptions serve, Func<DataFolder, Uri, TextWriter, Task>? runButtons)
    {
        if (!File.Exists(context.Data.KeyPath(DemoAssembly.GatewayKey)))
            throw new UserErrorException($"{context.Data.Root.FullName} holds no demo gateway key ({DemoAssembly.GatewayKey}); use an empty --data folder for the demo, or `kiosk run --gateway NAME` for a real assembly");
        await using var host = await Host.GatewayHost.StartAsync(serve.Read(context, DemoAssembly.GatewayKey), context.Cancellation);
        var o = context.Output;
        await o.WriteLineAsync();
        await o.WriteLineAsync("The demo gateway is running (Ctrl+C to stop):");
        await ServeOptions.PrintUrlsAsync(o, host);
        await o.WriteLineAsync($"  login:    Ana, passphrase \"{DemoAssembly.FacilitatorPassphrase}\" (demo only)");
        var codes = File.Exists(DemoAssembly.CodesPath(context.Data)) ? File.ReadAllLines(DemoAssembly.CodesPath(context.Data)).Where(l => l.Length > 0).ToList() : [];
        if (codes.Count > 0) await o.WriteLineAsync($"  voter codes (each valid for every demo ballot): {string.Join("  ", codes)}");
        // Every run lets the demo's buttons vote once, as simulated ESP32s over MQTT; each keeps its press counter beside its
        // settings file, as a board keeps it in flash, so a later run's presses are new ones and count (the last vote counts).
        if (host.DeviceBrokerUri is { } broker)
        {
            if (runButtons is not null) await runButtons(context.Data, broker, o);
            else await o.WriteLineAsync($"  buttons:  {DemoButtons.Count} enrolled; their settings are in {DeviceFiles.ConfigFolder(context.Data)}");
        }
        await host.WaitAsync(context.Cancellation);
        return 0;
    }

    /// <summary>The --json output of demo.</summary>
    internal sealed record DemoOutput(bool Created, string Data, string Ledger, string Keys, string? Assembly, string? Name, long Events, bool Valid, string? StateHash,
        IEnumerable<MemberOutput> Members, IEnumerable<string> Devices);

    /// <summary>One member of the demo assembly.</summary>
    internal sealed record MemberOutput(string Role, string Name, string Key);
}
