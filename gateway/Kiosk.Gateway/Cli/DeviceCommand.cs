using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk device enrol</c>: enrols a vote button to a gateway, named to a member or seat for roll-call ballots.</summary>
public static class DeviceCommand
{
    /// <summary>Builds the <c>device</c> command group.</summary>
    public static Command Create()
    {
        var id = new Option<string>("--id") { Description = "The button's device id, e.g. button-7.", Required = true };
        var gateway = new Option<string>("--gateway") { Description = "The gateway it talks to: its enrolled name or public key.", Required = true };
        var label = new Option<string?>("--label") { Description = "A label for people (default: the id)." };
        var member = new Option<string?>("--member") { Description = "The member or seat it votes for on roll-call ballots." };
        var signer = SignerOption.Create();
        var enrol = new Command("enrol", "Enrol a vote button to a gateway (signed by a facilitator).") { id, gateway, label, member, signer };
        enrol.Aliases.Add("enroll");
        enrol.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            using var author = context.Data.ReadKey(context.Get(signer)!);
            var given = context.Get(gateway)!;
            var gateways = ledger.Authority.Members.Values.Where(m => m.Role == Role.Gateway && !m.IsRemoved).ToList();
            var target = gateways.FirstOrDefault(m => m.Name == given || string.Equals(m.Key.ToHex(), given, StringComparison.OrdinalIgnoreCase))
                ?? throw new UserErrorException($"--gateway: no enrolled gateway '{given}' (gateways: {(gateways.Count == 0 ? "none; see kiosk gateway enrol" : string.Join(", ", gateways.Select(g => g.Name)))})");
            var body = new DeviceEnrolledBody(context.Get(id)!, target.Key.ToHex(), context.Get(label) ?? context.Get(id)!, context.Get(member));
            var e = await ledger.AppendOrFailAsync(author, EventKinds.DeviceEnrolled, body, context.Cancellation);
            if (context.Json) await context.WriteJsonAsync(new { device = body.Device, gateway = target.Name, member = body.Member, eventId = e.Id.ToHex() });
            else await context.Output.WriteLineAsync($"Enrolled {body.Device} to gateway {target.Name}{(body.Member is null ? "" : $" for {body.Member}")}; event {e.Id.ShortHex}");
            return 0;
        });
        var command = new Command("device", "Enrol vote buttons.");
        command.Subcommands.Add(enrol);
        return command;
    }
}
