using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk certify</c>: makes a ballot's result final on every replica by naming the feeds it includes — each enrolled
/// gateway's CloseSeen seq for the ballot (or its current head where it has not written one), and each gateway's ballot
/// box through the seq that CloseSeen names (or its head).
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
            var feeds = CertifiedFeed.For(ballots.Projection, ballots.Authority, id, key => ledger.HeadOf(key).Seq);
            var body = CertifiedFeed.Body(id, feeds);
            var e = await ledger.AppendOrFailAsync(author, VotingKinds.ResultCertified, body, context.Cancellation);
            if (context.Json)
            {
                await context.WriteJsonAsync(new { ballot = id, feeds = feeds.Select(f => new { gateway = ballots.NameOf(f.Gateway), ballotBox = f.IsBallotBox, key = f.Key.ToHex(), throughSeq = f.ThroughSeq, closeSeen = f.SawClose }), eventId = e.Id.ToHex() });
                return 0;
            }
            context.Console.MarkupLine($"Certified the result of {Markup.Escape(id)} (event {e.Id.ShortHex}); it includes the votes in these feeds:");
            var table = new Table().AddColumns("gateway", "feed", "key", "through event #", "why");
            foreach (var f in feeds)
                table.AddRow(Markup.Escape(ballots.NameOf(f.Gateway)), f.IsBallotBox ? "ballot box" : "own", f.Key.ShortHex + "…", f.ThroughSeq.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    f.SawClose ? (f.IsBallotBox ? "its gateway's CloseSeen" : "its CloseSeen") : "its head (no CloseSeen yet)");
            context.Console.Write(table);
            return 0;
        });
        return command;
    }
}
