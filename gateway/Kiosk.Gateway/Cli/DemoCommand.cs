using System.CommandLine;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk demo</c>: sets up a demo assembly in the data folder on embedded defaults (SQLite ledger, keys)
/// and says what it made and where. Run again, it reuses the folder.
/// </summary>
public static class DemoCommand
{
    /// <summary>The demo assembly's name.</summary>
    public const string AssemblyName = "Elm Street Neighbourhood Assembly (demo)";

    public static Command Create()
    {
        var command = new Command("demo", "Create (or reuse) a demo assembly in the data folder and show what it holds.");
        command.SetAction(async context =>
        {
            var created = !context.Data.HasLedger;
            if (created) await CreateDemoAsync(context.Data, context.Cancellation);
            await using var ledger = context.Data.OpenLedger();
            var report = LedgerVerifier.Verify(context.Data.LedgerPath, DataFolder.Kinds());
            var authority = ledger.Authority;
            if (context.Json)
            {
                await context.WriteJsonAsync(new
                {
                    created, data = context.Data.Root.FullName, ledger = context.Data.LedgerPath, keys = context.Data.KeysPath,
                    assembly = ledger.Assembly?.ToString(), name = authority.AssemblyName, events = report.Events, valid = report.IsValid,
                    stateHash = report.StateHash?.ToHex(),
                    members = authority.Members.Values.Select(m => new { role = m.Role.ToString().ToLowerInvariant(), name = m.Name, key = m.Key.ToHex() }),
                    devices = authority.Devices.Keys.Order(StringComparer.Ordinal),
                });
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
            await o.WriteLineAsync("Try next:");
            await o.WriteLineAsync($"  ./kiosk status --events --data {data}");
            await o.WriteLineAsync($"  ./kiosk verify --data {data}");
            await o.WriteLineAsync($"  ./kiosk export -o demo-ledger.jsonl --data {data}");
            return report.IsValid ? 0 : CliRun.CheckFailed;
        });
        return command;
    }

    private static async Task CreateDemoAsync(DataFolder data, CancellationToken cancellationToken)
    {
        await InitCommand.FoundAsync(data, AssemblyName, ["en", "es"], cancellationToken);
        await using var ledger = data.OpenLedger();
        using var founder = data.ReadKey(DataFolder.FounderKeyName);
        using var ana = data.CreateKey("facilitator-ana");
        await ledger.AppendOrFailAsync(founder, EventKinds.FacilitatorAdded, new FacilitatorAddedBody(ana.PublicKey.ToHex(), "Ana"), cancellationToken);
        using var hall = data.CreateKey("gateway-library-hall");
        using var centre = data.CreateKey("gateway-community-centre");
        await ledger.AppendOrFailAsync(ana, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(hall.PublicKey.ToHex(), "library-hall"), cancellationToken);
        await ledger.AppendOrFailAsync(ana, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(centre.PublicKey.ToHex(), "community-centre"), cancellationToken);
        string[] seats = ["Flat 1A", "Flat 1B", "Flat 2A"];
        for (var i = 0; i < seats.Length; i++)
            await ledger.AppendOrFailAsync(ana, EventKinds.DeviceEnrolled, new DeviceEnrolledBody($"button-{i + 1}", hall.PublicKey.ToHex(), $"Button {i + 1}", seats[i]), cancellationToken);
    }
}
