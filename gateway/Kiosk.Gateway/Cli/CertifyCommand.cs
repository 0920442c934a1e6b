using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk certify</c>: makes a ballot's result final on every replica by naming the gateway feeds it includes — each
/// enrolled gateway's CloseSeen seq for the ballot, or its current head where it has not written one.
/// </summary>
public static class CertifyCommand
{
    /// <summary>Builds the <c>certify</c> command.</summary>
    public static Command Create()
    {
        var ballot = new Option<string>("--ballot") { Description = "The ballot whose result to certify.", Required = true };
        var signer = SignerOption.Create();
        var command = new Command("certify", "Certify a ballot's result: the gateway feeds (and through which event) it includes (signed by a facilitator).") { ballot, signer };
        command.SetAction(async context =>
        {
            var id = context.Get(ballot)!;
            await using var ledger = context.Data.OpenLedger();
            using var author = context.Data.ReadKey(context.Get(signer)!);
            var ballots = AssemblyBallots.Read(ledger);
            ballots.Require(id);
            if (!ballots.Projection.IsOpened(id)) throw new UserErrorException($"ballot '{id}' was never opened; there is no result to certify");
            var feeds = ballots.Authority.Members.Values.Where(m => m.Role is Role.Gateway or Role.Hub).OrderBy(m => m.Name, StringComparer.Ordinal)
                .Select(m => (Gateway: m, Seq: ballots.Projection.CloseSeenAt(id, m.Key) ?? ledger.HeadOf(m.Key).Seq, SawClose: ballots.Projection.CloseSeenAt(id, m.Key) is not null))
                .ToList();
            var body = new ResultCertifiedBody(id, feeds.ToDictionary(f => f.Gateway.Key.ToHex(), f => f.Seq, StringComparer.Ordinal));
            var e = await ledger.AppendOrFailAsync(author, VotingKinds.ResultCertified, body, context.Cancellation);
            if (context.Json)
            {
                await context.WriteJsonAsync(new { ballot = id, feeds = feeds.Select(f => new { gateway = f.Gateway.Name, key = f.Gateway.Key.ToHex(), throughSeq = f.Seq, closeSeen = f.SawClose }), eventId = e.Id.ToHex() });
                return 0;
            }
            context.Console.MarkupLine($"Certified the result of {Markup.Escape(id)} (event {e.Id.ShortHex}); it includes the votes in these feeds:");
            var table = new Table().AddColumns("gateway", "key", "through event #", "why");
            foreach (var f in feeds)
                table.AddRow(Markup.Escape(f.Gateway.Name), f.Gateway.Key.ShortHex + "…", f.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), f.SawClose ? "its CloseSeen" : "its head (no CloseSeen yet)");
            context.Console.Write(table);
            return 0;
        });
        return command;
    }
}
