using Kiosk.Gateway.Data;
using Kiosk.Gateway.Web.Console;
using Kiosk.Devices;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// The demo's wireless buttons: an open roll-call ballot, and secrets and settings files for the demo's three enrolled
/// buttons. The developer's tools (<c>./kiosk</c> in a source checkout) then run them as simulated ESP32s through
/// <see cref="CliExtensions.DemoButtons"/>; the product itself carries no simulator.
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
}
