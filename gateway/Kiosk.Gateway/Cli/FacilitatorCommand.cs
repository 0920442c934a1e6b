using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk facilitator add|remove</c>: changes who may configure the assembly.</summary>
public static class FacilitatorCommand
{
    public static Command Create()
    {
        var command = new Command("facilitator", "Add or remove facilitators.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command Add()
    {
        var name = new Option<string>("--name") { Description = "The facilitator's name.", Required = true };
        var key = new Option<string?>("--key") { Description = "Their public key (64 hex digits), when they made their own key; otherwise a key file is created here." };
        var signer = SignerOption.Create();
        var command = new Command("add", "Add a facilitator (signed by an existing facilitator).") { name, key, signer };
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            using var author = context.Data.ReadKey(context.Get(signer)!);
            var (publicKey, keyFile) = context.Data.NewMemberKey(context.Get(key), "facilitator", context.Get(name)!);
            var e = await ledger.AppendOrFailAsync(author, EventKinds.FacilitatorAdded, new FacilitatorAddedBody(publicKey.ToHex(), context.Get(name)!), context.Cancellation);
            var result = new { facilitator = context.Get(name), key = publicKey.ToHex(), keyFile, eventId = e.Id.ToHex(), seq = e.Seq };
            if (context.Json) await context.WriteJsonAsync(result);
            else await context.Output.WriteLineAsync($"Added facilitator {context.Get(name)} (key {publicKey.ShortHex}…){(keyFile is null ? "" : $", key file {keyFile}")}; event {e.Id.ShortHex}");
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var key = new Option<string>("--key") { Description = "The facilitator's public key (64 hex digits).", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the ledger)." };
        var signer = SignerOption.Create();
        var command = new Command("remove", "Remove a facilitator: their events seen so far keep counting, later ones do not.") { key, reason, signer };
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            using var author = context.Data.ReadKey(context.Get(signer)!);
            var removed = LedgerWrites.ParseKey(context.Get(key)!, "--key");
            if (ledger.Authority.RoleOf(removed) != Role.Facilitator) throw new UserErrorException($"{removed.ShortHex}… is not a facilitator of this assembly");
            var seen = ledger.HeadOf(removed).Seq;
            var e = await ledger.AppendOrFailAsync(author, EventKinds.FacilitatorRemoved, new FacilitatorRemovedBody(removed.ToHex(), seen, context.Get(reason)), context.Cancellation);
            if (context.Json) await context.WriteJsonAsync(new { key = removed.ToHex(), validThroughSeq = seen, eventId = e.Id.ToHex() });
            else await context.Output.WriteLineAsync($"Removed facilitator {removed.ShortHex}…; their events up to #{seen} still count. Event {e.Id.ShortHex}");
            return 0;
        });
        return command;
    }
}
