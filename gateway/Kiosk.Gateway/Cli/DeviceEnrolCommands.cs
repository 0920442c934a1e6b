using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Devices;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk device enrol</c> (the DeviceEnrolled event, and — on the button's own gateway — its secret and settings file,
/// in one step) and <c>kiosk device secret ID</c> (a new secret and settings file for an enrolled button). The secret goes
/// to the gateway's <c>devices.db</c> and the settings file, never to the ledger or the screen.
/// </summary>
public static class DeviceEnrolCommands
{
    /// <summary><c>kiosk device enrol</c>.</summary>
    public static Command CreateEnrol()
    {
        var id = new Option<string>("--id") { Description = "The button's device id (a-z, 0-9, '-'), e.g. button-7.", Required = true };
        var member = new Option<string?>("--member") { Description = "The member or seat it votes for on roll-call ballots, e.g. \"Flat 2B\"." };
        var label = new Option<string?>("--label") { Description = "A label for facilitators (default: the id)." };
        var gateway = GatewayOption.Create("The gateway the button talks to");
        var wired = new Option<bool>("--wired") { Description = "A wired station on the gateway's GPIO (see run --station-device): no secret, no settings file." };
        var (host, port, output) = SettingsOptions();
        var signer = SignerOption.Create();
        var enrol = new Command("enrol", "Enrol a vote button to a gateway (signed by a facilitator); on that gateway, also write its secret and settings file.")
            { id, member, label, gateway, wired, host, port, output, signer };
        enrol.Aliases.Add("enroll");
        enrol.SetAction(async context =>
        {
            var deviceId = context.Get(id)!;
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var target = GatewayName.Resolve(context.Data, ledger.Authority, context.Get(gateway), needKey: false);
            if (ledger.Authority.Devices.TryGetValue(deviceId, out var existing) && !existing.Revoked)
                throw new UserErrorException($"device {deviceId} is already enrolled (to {NameOf(ledger.Authority, existing.Gateway)}{(existing.Member is null ? "" : $", for {existing.Member}")}): "
                    + $"for a new secret run kiosk device secret {deviceId}; to enrol it anew, first kiosk device revoke {deviceId}");
            var body = new DeviceEnrolledBody(deviceId, target.Gateway.Key.ToHex(), context.Get(label) ?? deviceId, context.Get(member));
            var e = await ledger.AppendOrFailAsync(author, EventKinds.DeviceEnrolled, body, context.Cancellation);
            var forMember = body.Member is null ? "" : $" for {body.Member}";
            if (context.Get(wired) || target.KeyName is null)
            {
                var later = context.Get(wired) ? null : $"kiosk device secret {deviceId}";
                if (context.Json) await context.WriteJsonAsync(new DeviceEnrolOutput(body.Device, target.Name, body.Member, context.Get(wired), e.Id.ToHex(), later is null ? null : target.Name));
                else await context.Output.WriteLineAsync($"Enrolled {body.Device} to gateway {target.Name}{forMember}; event {e.Id.ShortHex}"
                    + (later is null ? "" : $". Its secret and settings file are made on {target.Name} itself: {later}"));
                return 0;
            }
            var config = await NewSecretAsync(context, ledger, deviceId, context.Get(host)!, context.Get(port));
            return await WriteAsync(context, config, context.Get(output), target.Name, body.Member, e.Id);
        });
        return enrol;
    }

    /// <summary><c>kiosk device secret ID</c>.</summary>
    public static Command CreateSecret()
    {
        var id = new Argument<string>("DEVICE") { Description = "The enrolled device id." };
        var gateway = GatewayOption.Create("The button's gateway, to check it (default: the one it is enrolled to; its key must be in this data folder)");
        var (host, port, output) = SettingsOptions();
        var secret = new Command("secret", "Make a new secret and settings file for an enrolled button, on its gateway (the old secret stops working).") { id, gateway, host, port, output };
        secret.SetAction(async context =>
        {
            var deviceId = context.Get(id)!;
            await using var ledger = context.Data.OpenLedger();
            var device = DeviceCommand.Require(ledger.Authority, deviceId);
            if (device.Revoked) throw new UserErrorException($"device {deviceId} is revoked; enrol it anew with kiosk device enrol --id {deviceId}");
            var own = ledger.Authority.Members.GetValueOrDefault(device.Gateway)
                ?? throw new UserErrorException($"device {deviceId} is enrolled to {device.Gateway.ShortHex}…, which is not an enrolled gateway");
            var named = GatewayName.Resolve(context.Data, ledger.Authority, context.Get(gateway) ?? own.Key.ToHex(), needKey: true);
            if (named.Gateway.Key != device.Gateway) throw new UserErrorException($"device {deviceId} is enrolled to gateway {own.Name}, not {named.Name}");
            var config = await NewSecretAsync(context, ledger, deviceId, context.Get(host)!, context.Get(port));
            return await WriteAsync(context, config, context.Get(output), named.Name, device.Member, null);
        });
        return secret;
    }

    private static (Option<string> Host, Option<int> Port, Option<string?> Output) SettingsOptions() => (
        new Option<string>("--broker-host") { Description = "The broker address the button connects to (the gateway's address on the LAN).", DefaultValueFactory = _ => "127.0.0.1" },
        new Option<int>("--broker-port") { Description = "The broker port.", DefaultValueFactory = _ => 1883 },
        new Option<string?>("--out") { Description = "Where to write the settings file (default: devices/ID.json in the data folder)." });

    private static async Task<DeviceConfig> NewSecretAsync(CommandContext context, Kiosk.Ledger.Ledger ledger, string deviceId, string host, int port)
    {
        await using var registry = DeviceRegistry.Open(DeviceFiles.RegistryPath(context.Data));
        return new DeviceConfig(deviceId, Convert.ToHexStringLower(registry.CreateSecret(deviceId)), ledger.Assembly!.ToString()!, host, port);
    }

    private static string NameOf(AuthorityTable authority, Bytes32 gateway) =>
        authority.Members.TryGetValue(gateway, out var m) ? m.Name : gateway.ShortHex + "…";

    private static async Task<int> WriteAsync(CommandContext context, DeviceConfig config, string? output, string gatewayName, string? member, Bytes32? eventId)
    {
        var path = output ?? Path.Combine(DeviceFiles.ConfigFolder(context.Data), config.DeviceId + ".json");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        config.Write(path);
        var registry = DeviceFiles.RegistryPath(context.Data);
        if (context.Json)
        {
            await context.WriteJsonAsync(new DeviceSecretOutput(config.DeviceId, member, gatewayName, path, registry, eventId?.ToHex()));
            return 0;
        }
        await context.Output.WriteLineAsync($"Button {config.DeviceId}{(member is null ? "" : $" for {member}")} at gateway {gatewayName}{(eventId is { } e ? $" (enrolled: event {e.ShortHex})" : "")}");
        await context.Output.WriteLineAsync($"  secret:   in {registry} and in the settings file (mode 0600; never in the ledger)");
        await context.Output.WriteLineAsync($"  settings: {path}");
        await context.Output.WriteLineAsync("  ESP32:    fill in wifiSsid and wifiPassword, then copy it to the board as I:\\settings.json (see firmware/README.md)");
        await context.Output.WriteLineAsync($"  simulate: kiosk sim buttons --config {folder}");
        return 0;
    }

    /// <summary>The --json output of device enrol.</summary>
    internal sealed record DeviceEnrolOutput(string Device, string Gateway, string? Member, bool Wired, string EventId, string? SecretOn);

    /// <summary>The --json output of device secret.</summary>
    internal sealed record DeviceSecretOutput(string Device, string? Member, string Gateway, string SettingsFile, string Registry, string? EventId);
}
