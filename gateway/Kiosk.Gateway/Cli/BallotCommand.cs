using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Voting.Ballots;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk ballot create|open|close|certify|list|show</c>: publishes ballots from ballot files and runs them.</summary>
public static class BallotCommand
{
    /// <summary>Builds the <c>ballot</c> command group.</summary>
    public static Command Create()
    {
        var command = new Command("ballot", "Publish, open, close, certify and list ballots.");
        command.Subcommands.Add(Publish());
        command.Subcommands.Add(Reference("open", "Open a ballot for votes (signed by a facilitator).", VotingKinds.BallotOpened));
        command.Subcommands.Add(Reference("close", "Close a ballot: each gateway stops taking votes when it learns of it.", VotingKinds.BallotClosed));
        command.Subcommands.Add(CertifyCommand.Create());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Command Publish()
    {
        var file = new Argument<string>("FILE") { Description = "The ballot file (.yaml, .yml or .json; see docs/ballot-file.md)." };
        var signer = SignerOption.Create();
        var command = new Command("create", "Publish a ballot from a ballot file (signed by a facilitator).") { file, signer };
        command.SetAction(async context =>
        {
            var path = context.Parse.GetValue(file)!;
            var definition = BallotFile.Load(path);
            if (BallotFile.ClosedAlready(definition, TimeProvider.System.GetUtcNow()) is { } late) throw new UserErrorException($"{path}: {late}");
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            if (AssemblyBallots.Read(ledger).Projection.Ballots.ContainsKey(definition.Id))
                throw new UserErrorException($"{path}: a ballot with id '{definition.Id}' is already published; give this one another id");
            var e = await ledger.AppendOrFailAsync(author, VotingKinds.BallotPublished, new BallotPublishedBody(definition), context.Cancellation);
            if (context.Json) await context.WriteJsonAsync(new PublishOutput(definition.Id, definition.Method, definition.Options.Length, e.Id.ToHex()));
            else await context.Output.WriteLineAsync($"Published ballot {definition.Id} ({definition.Method}, {definition.Options.Length} options, {definition.Eligibility}); event {e.Id.ShortHex}. Next: kiosk codes issue {definition.Id} --count N, kiosk ballot open {definition.Id}");
            return 0;
        });
        return command;
    }

    /// <summary>open and close: the same shape, a facilitator's event naming the ballot.</summary>
    private static Command Reference(string name, string description, string kind)
    {
        var ballotId = BallotArgument.One();
        var signer = SignerOption.Create();
        var command = new Command(name, description) { ballotId, signer };
        command.SetAction(async context =>
        {
            var id = context.Get(ballotId)!;
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var ballots = AssemblyBallots.Read(ledger);
            ballots.Require(id);
            var opened = ballots.Projection.IsOpened(id);
            var closed = ballots.Projection.IsClosedByFacilitator(id);
            if (kind == VotingKinds.BallotOpened && opened) throw new UserErrorException($"ballot '{id}' is already open");
            if (kind == VotingKinds.BallotClosed && !opened) throw new UserErrorException($"ballot '{id}' was never opened; open it first (kiosk ballot open {id})");
            if (kind == VotingKinds.BallotClosed && closed) throw new UserErrorException($"ballot '{id}' is already closed");
            var e = await ledger.AppendOrFailAsync(author, kind, new BallotRefBody(id), context.Cancellation);
            if (kind == VotingKinds.BallotClosed) await PublishAtLocalGatewaysAsync(context.Data, ledger, id, context.Cancellation);
            var verb = kind == VotingKinds.BallotOpened ? "Opened" : "Closed";
            if (context.Json) await context.WriteJsonAsync(new OpenCloseOutput(id, kind, e.Id.ToHex()));
            else await context.Output.WriteLineAsync($"{verb} ballot {id}; event {e.Id.ShortHex}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The gateways whose keys are in this data folder publish the secret votes of the ballot still waiting in their
    /// ballot-box queue (no gateway process may be running to do it at the close). Each writes its CloseSeen, as before,
    /// when it next learns of the close; the votes published now are before it, so they count.
    /// </summary>
    private static async Task PublishAtLocalGatewaysAsync(DataFolder data, Kiosk.Ledger.Ledger ledger, string id, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(data.KeysPath)) return;
        foreach (var name in Directory.GetFiles(data.KeysPath, "gateway-*.key").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
        {
            using var key = data.ReadKey(name!);
            if (ledger.Authority.RoleOf(key.PublicKey) != Kiosk.Ledger.Role.Gateway) continue;
            await new VotingDesk(ledger, key).FlushAsync(id, cancellationToken);
        }
    }

    private static Command List()
    {
        var command = new Command("list", "List the ballots: id, title, method, status and votes counted.");
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            var ballots = AssemblyBallots.Read(ledger);
            var rows = ballots.Projection.Ballots.Values.OrderBy(b => b.TimeMs).ThenBy(b => b.Definition.Id, StringComparer.Ordinal)
                .Select(b => (Ballot: b.Definition, Report: ballots.Report(b.Definition.Id))).ToList();
            if (context.Json)
            {
                await context.WriteJsonAsync(rows.Select(r => new BallotLine(r.Ballot.Id, ballots.TitleOf(r.Ballot), r.Ballot.Method, r.Ballot.Eligibility,
                    AssemblyBallots.StatusName(r.Report.Status), r.Report.Certified, r.Report.Counted.Count)).ToList());
                return 0;
            }
            if (rows.Count == 0)
            {
                await context.Output.WriteLineAsync("No ballots yet; publish one with kiosk ballot create FILE.yaml");
                return 0;
            }
            var table = new Table().AddColumns("id", "title", "method", "status", "votes counted");
            foreach (var (ballot, report) in rows)
                table.AddRow(Markup.Escape(ballot.Id), Markup.Escape(ballots.TitleOf(ballot)), ballot.Method,
                    AssemblyBallots.StatusName(report.Status) + (report.Certified ? " (certified)" : ""), report.Counted.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            context.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var ballotId = BallotArgument.One();
        var command = new Command("show", "Show a ballot's definition, status and the codes issued for it.") { ballotId };
        command.SetAction(async context =>
        {
            var id = context.Get(ballotId)!;
            await using var ledger = context.Data.OpenLedger();
            var ballots = AssemblyBallots.Read(ledger);
            var published = ballots.Require(id);
            var report = ballots.Report(id);
            var d = published.Definition;
            var codesIssued = ballots.Projection.CodesIssued(id);
            if (context.Json)
            {
                await context.WriteJsonAsync(new ShowOutput(d, AssemblyBallots.StatusName(report.Status), report.Certified, ballots.Projection.IsOpened(id),
                    ballots.Projection.IsClosedByFacilitator(id), codesIssued, report.Counted.Count, ballots.NameOf(published.Author), published.EventId.ToHex()));
                return 0;
            }
            var console = context.Console;
            console.Write(new Rule($"[bold]{Markup.Escape(d.Id)}[/] — {Markup.Escape(ballots.TitleOf(d))}").LeftJustified());
            foreach (var (language, text) in d.Description ?? []) console.MarkupLine($"[dim]{language}[/] {Markup.Escape(text)}");
            var facts = new Table().HideHeaders().AddColumns("field", "value");
            facts.AddRow("method", d.Method + (d.Seats > 1 ? $", {d.Seats} seats" : "") + (d.Budget is { } budget ? $", budget {TallyTable.Num(budget)}" : ""));
            facts.AddRow("status", AssemblyBallots.StatusName(report.Status) + (report.Certified ? " (certified)" : ""));
            facts.AddRow("eligibility", d.Eligibility == BallotDefinition.ByCodes ? $"voter codes ({TallyTable.Num(codesIssued)} issued)" : $"roll-call ({TallyTable.Num(report.Eligible)} members with a button)");
            facts.AddRow("secret", d.Secret ? "yes" : "no");
            facts.AddRow("revote", d.Revote);
            if (d.Quorum is { } quorum) facts.AddRow("quorum", TallyTable.Num(quorum));
            if (d.TallyMethod == Kiosk.Voting.Tally.TallyMethod.YesNo) facts.AddRow("threshold", d.Threshold);
            if (d.ClosesAt is { } closes) facts.AddRow("closes at", closes.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            facts.AddRow("live results", d.LiveResults ? "yes" : "no");
            foreach (var (rule, value) in d.Rules ?? []) facts.AddRow("rule " + Markup.Escape(rule), Markup.Escape(value));
            facts.AddRow("votes counted", report.Counted.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            facts.AddRow("published by", Markup.Escape(ballots.NameOf(published.Author)) + $" (event {published.EventId.ShortHex})");
            console.Write(facts);
            var options = new Table().AddColumns("option", "label").AddColumn(new TableColumn("cost").RightAligned());
            foreach (var o in d.Options)
                options.AddRow(Markup.Escape(o.Id), Markup.Escape(string.Join(" / ", o.Label.Select(l => $"{l.Value}"))), o.Cost is { } cost ? TallyTable.Num(cost) : "");
            console.Write(options);
            return 0;
        });
        return command;
    }

    /// <summary>The --json output of ballot publish.</summary>
    internal sealed record PublishOutput(string Ballot, string Method, int Options, string EventId);

    /// <summary>The --json output of ballot open and ballot close.</summary>
    internal sealed record OpenCloseOutput(string Ballot, string Event, string EventId);

    /// <summary>One line of ballot list --json.</summary>
    internal sealed record BallotLine(string Id, string Title, string Method, string Eligibility, string Status, bool Certified, int Counted);

    /// <summary>The --json output of ballot show.</summary>
    internal sealed record ShowOutput(BallotDefinition Definition, string Status, bool Certified, bool Opened, bool ClosedByFacilitator, decimal CodesIssued, int Counted,
        string PublishedBy, string EventId);
}
