using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk facilitator add|list|remove</c>: who may configure the assembly.</summary>
public static class FacilitatorCommand
{
    /// <summary>Builds the <c>facilitator</c> command group.</summary>
    public static Command Create()
    {
        var command = new Command("facilitator", "Add, list or remove facilitators.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the facilitators: name, key, whether removed, and whether their key (and console login) is in this data folder.");
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            var authority = ledger.Authority;
            var local = LocalKeys.ByPublicKey(context.Data);
            var rows = authority.Members.Values.Where(m => m.Role == Role.Facilitator)
                .OrderBy(m => m.Key != authority.Founder).ThenBy(m => m.Name, StringComparer.Ordinal)
                .Select(m => (Member: m, Founder: m.Key == authority.Founder, KeyName: local.GetValueOrDefault(m.Key)))
                .Select(r => (r.Member, r.Founder, r.KeyName, Login: r.KeyName is not null && File.Exists(PassphraseLock.PathOf(context.Data.KeysPath, r.KeyName))))
                .ToList();
            if (context.Json)
            {
                await context.WriteJsonAsync(rows.Select(r => new FacilitatorLine(r.Member.Name, r.Member.Key.ToHex(), r.Founder, r.Member.IsRemoved,
                    r.Member.IsRemoved ? r.Member.ValidThroughSeq : null, r.KeyName, r.Login)).ToList());
                return 0;
            }
            var table = new Table().AddColumns("name", "key", "status", "key file here", "console login");
            foreach (var r in rows)
            {
                var status = r.Member.IsRemoved ? $"removed (events through #{r.Member.ValidThroughSeq} count)" : r.Founder ? "founder" : "active";
                table.AddRow(Markup.Escape(r.Member.Name), r.Member.Key.ShortHex + "…", status, Markup.Escape(r.KeyName ?? ""), r.Login ? "yes" : "");
            }
            context.Console.Write(table);
            return 0;
        });
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
            using var author = SignerOption.Read(context, signer, ledger);
            var (publicKey, keyFile) = context.Data.NewMemberKey(context.Get(key), "facilitator", context.Get(name)!);
            var e = await ledger.AppendOrFailAsync(author, EventKinds.FacilitatorAdded, new FacilitatorAddedBody(publicKey.ToHex(), context.Get(name)!), context.Cancellation);
            var result = new FacilitatorAddOutput(context.Get(name), publicKey.ToHex(), keyFile, e.Id.ToHex(), e.Seq);
            if (context.Json) await context.WriteJsonAsync(result);
            else await context.Output.WriteLineAsync($"Added facilitator {context.Get(name)} (key {publicKey.ShortHex}…){(keyFile is null ? "" : $", key file {keyFile}")}; event {e.Id.ShortHex}");
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var who = new Argument<string>("FACILITATOR") { Description = "The facilitator: their name, their key-file name here, or their public key (64 hex digits)." };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the ledger)." };
        var signer = SignerOption.Create();
        var command = new Command("remove", "Remove a facilitator: their events seen so far keep counting, later ones do not.") { who, reason, signer };
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var removed = Find(context.Data, ledger.Authority, context.Get(who)!);
            if (removed == ledger.Authority.Founder) throw new UserErrorException("the founder cannot be removed: the founding key is the root of the assembly's authority");
            var seen = ledger.HeadOf(removed).Seq;
            var e = await ledger.AppendOrFailAsync(author, EventKinds.FacilitatorRemoved, new FacilitatorRemovedBody(removed.ToHex(), seen, context.Get(reason)), context.Cancellation);
            var name = ledger.Authority.Members[removed].Name;
            if (context.Json) await context.WriteJsonAsync(new FacilitatorRemoveOutput(name, removed.ToHex(), seen, e.Id.ToHex()));
            else await context.Output.WriteLineAsync($"Removed facilitator {name} ({removed.ShortHex}…); their events up to #{seen} still count. Event {e.Id.ShortHex}");
            return 0;
        });
        return command;
    }

    /// <summary>A current facilitator by name, key-file name or public key; a clear error (with the closest name) otherwise.</summary>
    private static Bytes32 Find(DataFolder data, AuthorityTable authority, string given)
    {
        var facilitators = authority.Members.Values.Where(m => m.Role == Role.Facilitator && !m.IsRemoved).ToList();
        var named = facilitators.Where(m => string.Equals(m.Name, given, StringComparison.Ordinal)).ToList();
        if (named.Count == 1) return named[0].Key;
        if (named.Count > 1)
            throw new UserErrorException($"several facilitators are called '{given}' ({string.Join(", ", named.Select(m => m.Key.ShortHex + "…"))}): give the public key instead");
        var local = LocalKeys.ByPublicKey(data);
        if (facilitators.FirstOrDefault(m => local.GetValueOrDefault(m.Key) == given) is { } byFile) return byFile.Key;
        if (Bytes32.TryParseHex(given.Trim().ToLowerInvariant(), out var key))
        {
            if (facilitators.Any(m => m.Key == key)) return key;
            throw new UserErrorException($"{key.ShortHex}… is not a current facilitator of this assembly");
        }
        if (authority.Members.Values.Any(m => m.Role == Role.Facilitator && m.IsRemoved && string.Equals(m.Name, given, StringComparison.Ordinal)))
            throw new UserErrorException($"facilitator '{given}' was already removed");
        throw new UserErrorException($"no facilitator '{given}'" + NameSuggestion.Hint(given, [.. facilitators.Select(m => m.Name)], "facilitators", "add one with kiosk facilitator add --name NAME"));
    }

    /// <summary>One line of facilitator list --json.</summary>
    internal sealed record FacilitatorLine(string Name, string Key, bool Founder, bool Removed, long? ValidThroughSeq, string? KeyFile, bool ConsoleLogin);

    /// <summary>The --json output of facilitator add.</summary>
    internal sealed record FacilitatorAddOutput(string? Facilitator, string Key, string? KeyFile, string EventId, long Seq);

    /// <summary>The --json output of facilitator remove.</summary>
    internal sealed record FacilitatorRemoveOutput(string Facilitator, string Key, long ValidThroughSeq, string EventId);
}
