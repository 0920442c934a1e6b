using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Voting.Presence;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk meeting open|check-in|check-out|end|show MEETING</c>: a meeting's membership and quorum rule, and check-ins
/// recorded by a facilitator (the console's way; card readers and station buttons record theirs through the gateway).
/// Every step is a signed event; presence and the quorum are computed from the set of them.
/// </summary>
public static class MeetingCommand
{
    /// <summary>Builds the <c>meeting</c> command group.</summary>
    public static Command Create()
    {
        var command = new Command("meeting", "Meetings: who is present, and whether the quorum holds.");
        command.Subcommands.Add(Open());
        command.Subcommands.Add(Presence("check-in", "Check a member in (signed by a facilitator).", PresenceRecordedBody.In));
        command.Subcommands.Add(Presence("check-out", "Check a member out (signed by a facilitator).", PresenceRecordedBody.Out));
        command.Subcommands.Add(End());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Argument<string> MeetingArgument() => new("meeting") { Description = "The meeting's id, e.g. assembly-2026-12." };

    private static Command Open()
    {
        var meeting = MeetingArgument();
        var members = new Option<int>("--members") { Description = "How many members the assembly has (the quorum's base).", Required = true };
        var quorum = new Option<string>("--quorum") { Description = "The share of members that must be present, as a fraction: 1/3, 1/2, 2/3.", DefaultValueFactory = _ => "1/2" };
        var signer = SignerOption.Create();
        var open = new Command("open", "Open a meeting with its membership and quorum rule (signed by a facilitator).") { meeting, members, quorum, signer };
        open.SetAction(async context =>
        {
            var parts = context.Get(quorum)!.Split('/');
            if (parts.Length != 2 || !int.TryParse(parts[0], out var numerator) || !int.TryParse(parts[1], out var denominator))
                throw new UserErrorException($"--quorum is a fraction such as 1/3, not '{context.Get(quorum)}'");
            var body = new MeetingOpenedBody(context.Get(meeting)!, context.Get(members), numerator, denominator);
            if (body.Check() is { } problem) throw new UserErrorException(problem);
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            await ledger.AppendOrFailAsync(author, PresenceKinds.MeetingOpened, body, context.Cancellation);
            await Print(context, PresenceProjection.Build(ledger.ReadApplied()).Of(body.Meeting));
            return 0;
        });
        return open;
    }

    private static Command Presence(string name, string description, string action)
    {
        var meeting = MeetingArgument();
        var member = new Option<string>("--member") { Description = "The member, as named on the roll (e.g. \"Flat 2B\").", Required = true };
        var signer = SignerOption.Create();
        var presence = new Command(name, description) { meeting, member, signer };
        presence.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var id = context.Get(meeting)!;
            if (!PresenceProjection.Build(ledger.ReadApplied()).Meetings.Contains(id, StringComparer.Ordinal))
                throw new UserErrorException($"no meeting '{id}' is open: open it with `kiosk meeting open {id} --members N`");
            var by = ledger.Authority.Members.TryGetValue(author.PublicKey, out var who) ? who.Name : author.PublicKey.ShortHex;
            var body = new PresenceRecordedBody(id, context.Get(member)!, action, PresenceRecordedBody.Console, by);
            if (body.Check() is { } problem) throw new UserErrorException(problem);
            await ledger.AppendOrFailAsync(author, PresenceKinds.PresenceRecorded, body, context.Cancellation);
            await Print(context, PresenceProjection.Build(ledger.ReadApplied()).Of(id));
            return 0;
        });
        return presence;
    }

    private static Command End()
    {
        var meeting = MeetingArgument();
        var signer = SignerOption.Create();
        var end = new Command("end", "End a meeting: nobody is present any more (signed by a facilitator).") { meeting, signer };
        end.SetAction(async context =>
        {
            var body = new MeetingRefBody(context.Get(meeting)!);
            if (body.Check() is { } problem) throw new UserErrorException(problem);
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            await ledger.AppendOrFailAsync(author, PresenceKinds.MeetingEnded, body, context.Cancellation);
            await Print(context, PresenceProjection.Build(ledger.ReadApplied()).Of(body.Meeting));
            return 0;
        });
        return end;
    }

    private static Command Show()
    {
        var meeting = MeetingArgument();
        var show = new Command("show", "Show who is present and whether the quorum holds.") { meeting };
        show.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            await Print(context, PresenceProjection.Build(ledger.ReadApplied()).Of(context.Get(meeting)!));
            return 0;
        });
        return show;
    }

    private static async Task Print(CommandContext context, MeetingPresence presence)
    {
        if (context.Json)
        {
            await context.WriteJsonAsync(new PresenceOutput(presence.Meeting, presence.Members, presence.Needed, presence.IsQuorate, presence.Ended,
                presence.Present.Select(p => new PresentOutput(p.Member, p.By, p.Source))));
            return;
        }
        await context.Output.WriteLineAsync($"{presence.Meeting}: {(presence.Ended ? "ended" : presence.BoardLine())}");
        foreach (var p in presence.Present) await context.Output.WriteLineAsync($"  {p.Member} (checked in by {p.By}, {p.Source})");
    }

    /// <summary>The --json output of meeting status.</summary>
    internal sealed record PresenceOutput(string Meeting, int Members, int Needed, bool Quorate, bool Ended, IEnumerable<PresentOutput> Present);

    /// <summary>One member present: who checked them in, and how.</summary>
    internal sealed record PresentOutput(string Member, string By, string Source);
}
