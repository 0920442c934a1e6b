using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Devices;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk mesh enrol</c> (DeviceEnrolled event + secret + settings file in one step) and <c>kiosk mesh secret</c> (secret
/// and settings file for a button already enrolled with <c>kiosk device enrol</c>). The secret goes to <c>devices.db</c>
/// and the settings file, never to the ledger or the screen.
/// </summary>
public static class MeshEnrolCommands
{
    /// <summary><c>kiosk mesh enrol</c>.</summary>
    public static Command CreateEnrol()
    {
        var id = new Option<string>("--id") { Description = "The device id (a-z, 0-9, '-'), e.g. button-7.", Required = true };
        var member = new Option<string>("--member") { Description = "The member or seat the button votes for, e.g. \"Flat 2B\".", Required = true };
        var label = new Option<string?>("--label") { Description = "A label for facilitators (default: the id)." };
        var (gateway, host, port, output) = CommonDeviceOptions();
        var signer = SignerOption.Create();
        var enrol = new Command("enrol", "Enrol a vote button to this gateway for a member, and write its secret and settings file.") { id, member, label, gateway, host, port, output, signer };
        enrol.Aliases.Add("enroll");
        enrol.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            using var author = context.Data.ReadKey(context.Get(signer)!);
            var (gatewayName, gatewayKey) = DeviceFiles.GatewayKey(context.Data, context.Get(gateway));
            using var _ = gatewayKey;
            await using var registry = DeviceRegistry.Open(DeviceFiles.RegistryPath(context.Data));
            var deviceId = context.Get(id)!;
            var (config, rejection) = await DeviceEnrolment.EnrolAsync(ledger, author, gatewayKey.PublicKey, registry, deviceId,
                context.Get(label) ?? deviceId, context.Get(member)!, context.Get(host)!, context.Get(port), context.Cancellation);
            if (config is null) throw new UserErrorException($"DeviceEnrolled refused ({rejection!.Code}): {rejection.Message}");
            return await WriteAsync(context, config, context.Get(output), gatewayName, registry.Path, context.Get(member));
        });
        return enrol;
    }

    /// <summary><c>kiosk mesh secret</c>.</summary>
    public static Command CreateSecret()
    {
        var id = new Option<string>("--id") { Description = "The enrolled device id.", Required = true };
        var (gateway, host, port, output) = CommonDeviceOptions();
        var secret = new Command("secret", "Create the secret and settings file of a button enrolled with `kiosk device enrol` (replaces an earlier secret).") { id, gateway, host, port, output };
        secret.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            var (gatewayName, gatewayKey) = DeviceFiles.GatewayKey(context.Data, context.Get(gateway));
            using var _ = gatewayKey;
            var deviceId = context.Get(id)!;
            if (!ledger.Authority.Devices.TryGetValue(deviceId, out var device)) throw new UserErrorException($"device {deviceId} is not enrolled: run `kiosk device enrol` or `kiosk mesh enrol` first");
            if (device.Gateway != gatewayKey.PublicKey) throw new UserErrorException($"device {deviceId} is enrolled to another gateway ({device.Gateway.ShortHex}…), not {gatewayName}");
            if (device.Revoked) throw new UserErrorException($"device {deviceId} is revoked");
            await using var registry = DeviceRegistry.Open(DeviceFiles.RegistryPath(context.Data));
            var config = new DeviceConfig(deviceId, Convert.ToHexStringLower(registry.CreateSecret(deviceId)), ledger.Assembly!.ToString()!, context.Get(host)!, context.Get(port));
            return await WriteAsync(context, config, context.Get(output), gatewayName, registry.Path, device.Member);
        });
        return secret;
    }

    private static (Option<string?> Gateway, Option<string> Host, Option<int> Port, Option<string?> Output) CommonDeviceOptions() => (
        new Option<string?>("--gateway") { Description = "This gateway's key name in keys/ (default: the only gateway-*.key)." },
        new Option<string>("--broker-host") { Description = "The broker address the button connects to.", DefaultValueFactory = _ => "127.0.0.1" },
        new Option<int>("--broker-port") { Description = "The broker port.", DefaultValueFactory = _ => 1883 },
        new Option<string?>("--out") { Description = "Where to write the settings file (default: devices/ID.json in the data folder)." });

    private static async Task<int> WriteAsync(CommandContext context, DeviceConfig config, string? output, string gatewayName, string registryPath, string? member)
    {
        var path = output ?? Path.Combine(DeviceFiles.ConfigFolder(context.Data), config.DeviceId + ".json");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        config.Write(path);
        if (context.Json)
        {
            await context.WriteJsonAsync(new { device = config.DeviceId, member, gateway = gatewayName, settingsFile = path, registry = registryPath });
            return 0;
        }
        await context.Output.WriteLineAsync($"Button {config.DeviceId}{(member is null ? "" : $" for {member}")} at gateway {gatewayName}");
        await context.Output.WriteLineAsync($"  secret:   in {registryPath} and in the settings file (mode 0600; never in the ledger)");
        await context.Output.WriteLineAsync($"  settings: {path}");
        await context.Output.WriteLineAsync("  ESP32:    fill in wifiSsid and wifiPassword, then copy it to the board as I:\\settings.json (see firmware/README.md)");
        await context.Output.WriteLineAsync($"  simulate: kiosk sim buttons --config {Path.GetDirectoryName(Path.GetFullPath(path))}");
        return 0;
    }
}
