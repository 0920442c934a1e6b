using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk gateway enrol</c>: enrols a gateway or hub key so its events count.</summary>
public static class GatewayCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The gateway's name, e.g. \"library-hall\".", Required = true };
        var key = new Option<string?>("--key") { Description = "Its public key (64 hex digits), when made on the gateway itself; otherwise a key file is created here." };
        var hub = new Option<bool>("--hub") { Description = "Enrol a co-op hub rather than a gateway." };
        var signer = SignerOption.Create();
        var enrol = new Command("enrol", "Enrol a gateway (or hub) key (signed by a facilitator).") { name, key, hub, signer };
        enrol.Aliases.Add("enroll");
        enrol.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var (publicKey, keyFile) = context.Data.NewMemberKey(context.Get(key), "gateway", context.Get(name)!);
            var role = context.Get(hub) ? GatewayEnrolledBody.HubRole : GatewayEnrolledBody.GatewayRole;
            var e = await ledger.AppendOrFailAsync(author, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(publicKey.ToHex(), context.Get(name)!, role), context.Cancellation);
            if (context.Json) await context.WriteJsonAsync(new { gateway = context.Get(name), role, key = publicKey.ToHex(), keyFile, eventId = e.Id.ToHex() });
            else await context.Output.WriteLineAsync($"Enrolled {role} {context.Get(name)} (key {publicKey.ShortHex}…){(keyFile is null ? "" : $", key file {keyFile}")}; event {e.Id.ShortHex}");
            return 0;
        });
        var command = new Command("gateway", "Enrol gateways and hubs.");
        command.Subcommands.Add(enrol);
        return command;
    }
}
