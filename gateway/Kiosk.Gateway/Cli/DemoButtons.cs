using Kiosk.Gateway.Data;
using Kiosk.Button.Simulator;
using Kiosk.Gateway.Web.Console;
using Kiosk.Devices;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// The demo's wireless buttons: an open roll-call ballot, secrets and settings files for the demo's three enrolled
/// buttons, and, once the gateway serves, the three buttons run as simulated ESP32s that each vote once through the
/// gateway's MQTT broker — as the same firmware logic would on a real board.
/// </summary>
public static class DemoButtons
{
    /// <summary>How many simulated buttons the demo runs.</summary>
    public const int Count = 3;

    /// <summary>Publishes and opens the roll-call ballot and gives each demo button its secret and settings file.</summary>
    public static async Task PrepareAsync(DataFolder data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        await using var ledger = data.OpenLedger();
        using var ana = data.ReadKey(DemoAssembly.FacilitatorKey);
        var ballot = BallotFile.Parse(BallotTemplates.All["roll-call"], "roll-call.yaml", yaml: true) with { LiveResults = true, ClosesAt = null };
        await ledger.AppendOrFailAsync(ana, VotingKinds.BallotPublished, new BallotPublishedBody(ballot), cancellationToken);
        await ledger.AppendOrFailAsync(ana, VotingKinds.BallotOpened, new BallotRefBody(ballot.Id), cancellationToken);

        await using var registry = DeviceRegistry.Open(DeviceFiles.RegistryPath(data));
        var folder = DeviceFiles.ConfigFolder(data);
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var device in ledger.Authority.Devices.Values.Where(d => !d.Revoked).OrderBy(d => d.Device, StringComparer.Ordinal).Take(Count))
        {
            var config = new DeviceConfig(device.Device, Convert.ToHexStringLower(registry.CreateSecret(device.Device)), ledger.Assembly!.ToString()!, "127.0.0.1", 0);
            config.Write(Path.Combine(folder, device.Device + ".json"));
        }
    }

    /// <summary>Runs the demo buttons once against <paramref name="broker"/>, writing what happened.</summary>
    public static async Task VoteOnceAsync(DataFolder data, Uri broker, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        var settings = SimulatorRun.LoadConfigs(DeviceFiles.ConfigFolder(data), broker, Count);
        await output.WriteLineAsync($"Simulated buttons ({settings.Count}) voting on the roll-call ballot through {broker}:");
        var exit = await SimulatorRun.VoteOnceAsync(settings, new IndentedWriter(output), TimeSpan.FromSeconds(5));
        if (exit != 0) await output.WriteLineAsync("  (not every simulated press was accepted; see above)");
    }

    /// <summary>Prefixes each line with two spaces, so the simulator's lines sit under the demo's heading.</summary>
    private sealed class IndentedWriter(TextWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override Task WriteLineAsync(string? value) => inner.WriteLineAsync("  " + value);

        public override void WriteLine(string? value) => inner.WriteLine("  " + value);
    }
}
