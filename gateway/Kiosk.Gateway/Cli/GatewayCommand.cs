using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk gateway enrol|list|retire</c>: which gateways (and hubs) belong to the assembly.</summary>
public static class GatewayCommand
{
    /// <summary>Builds the <c>gateway</c> command group.</summary>
    public static Command Create()
    {
        var command = new Command("gateway", "Enrol, list or retire gateways and hubs.");
        command.Subcommands.Add(Enrol());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Retire());
        return command;
    }

    private static Command Enrol()
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
            if (context.Json) await context.WriteJsonAsync(new EnrolOutput(context.Get(name), role, publicKey.ToHex(), keyFile, e.Id.ToHex()));
            else await context.Output.WriteLineAsync($"Enrolled {role} {context.Get(name)} (key {publicKey.ShortHex}…){(keyFile is null ? "" : $", key file {keyFile}")}; event {e.Id.ShortHex}");
            return 0;
        });
        return enrol;
    }

    private static Command List()
    {
        var command = new Command("list", "List the gateways and hubs: name, key, whether retired, and whether their key is in this data folder.");
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            var authority = ledger.Authority;
            var local = LocalKeys.ByPublicKey(context.Data);
            var rows = authority.Members.Values.Where(m => m.Role is Role.Gateway or Role.Hub)
                .OrderBy(m => m.IsRetired).ThenBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Key).ToList();
            if (context.Json)
            {
                await context.WriteJsonAsync(rows.Select(m => new GatewayOutput(m.Name, m.Key.ToHex(), m.Role.ToString().ToLowerInvariant(), m.IsRetired,
                    m.IsRetired ? m.ValidThroughSeq : null, local.GetValueOrDefault(m.Key))).ToList());
                return 0;
            }
            var table = new Table().AddColumns("name", "role", "key", "status", "key file here");
            foreach (var m in rows)
            {
                var status = m.IsRetired ? $"retired (events through #{m.ValidThroughSeq} count)" : "active";
                table.AddRow(Markup.Escape(m.Name), m.Role.ToString().ToLowerInvariant(), m.Key.ShortHex + "…", status, Markup.Escape(local.GetValueOrDefault(m.Key) ?? ""));
            }
            context.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Retire()
    {
        var who = new Argument<string>("GATEWAY") { Description = "The gateway: its enrolled name (library-hall), its key-file name here (gateway-library-hall) or its public key." };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the ledger)." };
        var signer = SignerOption.Create();
        var command = new Command("retire", "Retire a gateway for good (signed by a facilitator): its events seen so far keep counting, later ones do not; other gateways refuse it as a peer and no result waits for it to see a close.") { who, reason, signer };
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var gateway = GatewayName.Resolve(context.Data, ledger.Authority, context.Get(who), needKey: false).Gateway;
            // What this folder has seen of the gateway's feed and of its ballot box's keeps counting (a function of the event set).
            var seen = ledger.HeadOf(gateway.Key).Seq;
            var box = ledger.Authority.BallotBoxOf(gateway.Key);
            var boxSeen = box is null ? 0 : ledger.HeadOf(box.Box).Seq;
            var e = await ledger.AppendOrFailAsync(author, EventKinds.GatewayRetired, new GatewayRetiredBody(gateway.Key.ToHex(), seen, boxSeen, context.Get(reason)), context.Cancellation);
            if (context.Json)
                await context.WriteJsonAsync(new RetireOutput(gateway.Name, gateway.Key.ToHex(), seen, boxSeen, e.Id.ToHex()));
            else
                await context.Output.WriteLineAsync($"Retired gateway {gateway.Name} ({gateway.Key.ShortHex}…): its events up to #{seen}{(box is null ? "" : $" and its ballot box's up to #{boxSeen}")} still count; "
                    + $"other gateways refuse it as a peer once they hold this event. Event {e.Id.ShortHex}");
            return 0;
        });
        return command;
    }

    /// <summary>The --json output of gateway enrol.</summary>
    internal sealed record EnrolOutput(string? Gateway, string Role, string Key, string? KeyFile, string EventId);

    /// <summary>One line of gateway list --json.</summary>
    internal sealed record GatewayOutput(string Name, string Key, string Role, bool Retired, long? ValidThroughSeq, string? KeyFile);

    /// <summary>The --json output of gateway retire.</summary>
    internal sealed record RetireOutput(string Gateway, string Key, long ValidThroughSeq, long BoxThroughSeq, string EventId);
}
