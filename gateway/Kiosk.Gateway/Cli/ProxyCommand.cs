using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk proxy record BALLOT --from M --to M</c>: on a roll-call ballot, a member gives their vote's weight to a delegate.</summary>
public static class ProxyCommand
{
    /// <summary>Builds the <c>proxy</c> command group.</summary>
    public static Command Create()
    {
        var ballot = BallotArgument.One("The roll-call ballot.");
        var from = new Option<string>("--from") { Description = "The member who gives their proxy.", Required = true };
        var to = new Option<string>("--to") { Description = "The delegate (a member with an enrolled button) who votes with that weight.", Required = true };
        var signer = SignerOption.Create();
        var record = new Command("record", "Record a proxy on a roll-call ballot (signed by a facilitator).") { ballot, from, to, signer };
        record.SetAction(async context =>
        {
            var id = context.Get(ballot)!;
            var body = new ProxyRecordedBody(id, context.Get(from)!, context.Get(to)!);
            if (body.Check() is { } problem) throw new UserErrorException(problem);
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var ballots = AssemblyBallots.Read(ledger);
            if (ballots.Require(id).Definition.Eligibility != BallotDefinition.ByRollCall)
                throw new UserErrorException($"ballot '{id}' takes voter codes; proxies are for roll-call ballots (weighted codes carry weight instead: kiosk codes issue --weight)");
            var members = ballots.Authority.Devices.Values.Where(d => !d.Revoked && d.Member is not null).Select(d => d.Member!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (!members.Contains(body.To, StringComparer.Ordinal))
                throw new UserErrorException($"no enrolled button is named to '{body.To}', so they cannot vote as a delegate (members with a button: {(members.Count == 0 ? "none" : string.Join(", ", members))})");
            var e = await ledger.AppendOrFailAsync(author, VotingKinds.ProxyRecorded, body, context.Cancellation);
            if (context.Json) await context.WriteJsonAsync(new ProxyOutput(id, body.From, body.To, e.Id.ToHex()));
            else await context.Output.WriteLineAsync($"Recorded: {body.From} gives their proxy on {id} to {body.To}; event {e.Id.ShortHex}");
            return 0;
        });
        var command = new Command("proxy", "Record proxies on roll-call ballots.");
        command.Subcommands.Add(record);
        return command;
    }

    /// <summary>The --json output of proxy.</summary>
    internal sealed record ProxyOutput(string Ballot, string From, string To, string EventId);
}
