using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk device enrol|list|revoke|secret|serve</c>: the vote buttons — wireless ones (ESP32 over the gateway's MQTT
/// broker) and wired stations on a gateway's GPIO — enrolled to a gateway, named to a member or seat for roll-call ballots.
/// </summary>
public static class DeviceCommand
{
    /// <summary>Builds the <c>device</c> command group.</summary>
    public static Command Create()
    {
        var command = new Command("device", "Vote buttons: enrol, list, revoke, give a new secret, and serve their broker.");
        command.Subcommands.Add(DeviceEnrolCommands.CreateEnrol());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        command.Subcommands.Add(DeviceEnrolCommands.CreateSecret());
        command.Subcommands.Add(DeviceServeCommand.Create());
        return command;
    }

    /// <summary>The enrolled device <paramref name="id"/>, or a <see cref="UserErrorException"/> suggesting the closest id.</summary>
    public static EnrolledDevice Require(AuthorityTable authority, string id)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return authority.Devices.TryGetValue(id, out var device)
            ? device
            : throw new UserErrorException($"no device '{id}' is enrolled" + NameSuggestion.Hint(id, [.. authority.Devices.Keys], "devices", "enrol one with kiosk device enrol --id ID"));
    }

    private static Command List()
    {
        var command = new Command("list", "List the enrolled buttons: id, label, member, gateway, and whether revoked.");
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            var authority = ledger.Authority;
            var devices = authority.Devices.Values.OrderBy(d => d.Device, StringComparer.Ordinal).ToList();
            string GatewayOf(EnrolledDevice d) => authority.Members.TryGetValue(d.Gateway, out var m) ? m.Name : d.Gateway.ShortHex + "…";
            if (context.Json)
            {
                await context.WriteJsonAsync(devices.Select(d => new DeviceListLine(d.Device, d.Label, d.Member, GatewayOf(d), d.Gateway.ToHex(), d.Revoked)).ToList());
                return 0;
            }
            if (devices.Count == 0)
            {
                await context.Output.WriteLineAsync("No buttons enrolled yet; enrol one with kiosk device enrol --id ID --member M");
                return 0;
            }
            var table = new Table().AddColumns("device", "label", "member", "gateway", "status");
            foreach (var d in devices)
                table.AddRow(Markup.Escape(d.Device), Markup.Escape(d.Label), Markup.Escape(d.Member ?? ""), Markup.Escape(GatewayOf(d)), d.Revoked ? "revoked" : "enrolled");
            context.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("DEVICE") { Description = "The enrolled device id." };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the ledger), e.g. \"lost\"." };
        var signer = SignerOption.Create();
        var command = new Command("revoke", "Revoke a button: every gateway refuses its presses from then on (signed by a facilitator).") { id, reason, signer };
        command.SetAction(async context =>
        {
            var deviceId = context.Get(id)!;
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var device = Require(ledger.Authority, deviceId);
            if (device.Revoked) throw new UserErrorException($"device {deviceId} is already revoked");
            var e = await ledger.AppendOrFailAsync(author, EventKinds.DeviceRevoked, new DeviceRevokedBody(deviceId, context.Get(reason)), context.Cancellation);
            if (context.Json) await context.WriteJsonAsync(new RevokeOutput(deviceId, device.Member, context.Get(reason), e.Id.ToHex()));
            else await context.Output.WriteLineAsync($"Revoked {deviceId}{(device.Member is null ? "" : $" (of {device.Member})")}: its presses are refused from now on; event {e.Id.ShortHex}");
            return 0;
        });
        return command;
    }

    /// <summary>One line of device list --json.</summary>
    internal sealed record DeviceListLine(string Device, string Label, string? Member, string Gateway, string GatewayKey, bool Revoked);

    /// <summary>The --json output of device revoke.</summary>
    internal sealed record RevokeOutput(string Device, string? Member, string? Reason, string EventId);
}
