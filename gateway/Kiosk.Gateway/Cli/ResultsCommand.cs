using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Text.Json.Nodes;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tally;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk results [BALLOT]</c>: for each ballot (or one), its status (draft, open, provisional or final, and whether certified),
/// who could vote and who did, turnout per gateway, conflicts, the tally with its rounds, and the receipt trackers of
/// the counted votes. With <c>--json</c> the tally part is the tally engine's JSON (docs/tally-format.md).
/// </summary>
public static class ResultsCommand
{
    /// <summary>Builds the <c>results</c> command.</summary>
    public static Command Create()
    {
        var ballot = BallotArgument.Optional("Only this ballot (default: every ballot).");
        var command = new Command("results", "Show each ballot's status, turnout per gateway, tally with rounds and counted receipt trackers.") { ballot };
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            var ballots = AssemblyBallots.Read(ledger);
            var ids = context.Get(ballot) is { } one
                ? [ballots.Require(one).Definition.Id]
                : ballots.Projection.Ballots.Values.OrderBy(b => b.TimeMs).ThenBy(b => b.Definition.Id, StringComparer.Ordinal).Select(b => b.Definition.Id).ToList();
            var reports = ids.Select(ballots.Report).ToList();
            if (context.Json)
            {
                var array = new JsonArray();
                foreach (var report in reports) array.Add((JsonNode)ToJson(ballots, report));
                await context.Output.WriteLineAsync(array.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            if (reports.Count == 0) await context.Output.WriteLineAsync("No ballots yet.");
            foreach (var report in reports) Render(context.Console, ballots, report);
            return 0;
        });
        return command;
    }

    private static string Status(BallotReport report) => AssemblyBallots.StatusName(report.Status) + (report.Certified ? " (certified)" : "");

    private static JsonObject ToJson(AssemblyBallots ballots, BallotReport report)
    {
        var d = report.Ballot.Definition;
        return new JsonObject
        {
            ["ballot"] = d.Id,
            ["title"] = ballots.TitleOf(d),
            ["method"] = d.Method,
            ["status"] = AssemblyBallots.StatusName(report.Status),
            ["certified"] = report.Certified,
            ["eligible"] = report.Eligible,
            ["counted"] = report.Counted.Count,
            ["ignored"] = new JsonArray(report.Ignored.Select(i => (JsonNode)new JsonObject { ["gateway"] = ballots.NameOf(i.Gateway), ["seq"] = i.Vote.Seq, ["reason"] = i.Reason }).ToArray()),
            ["turnout"] = new JsonArray(report.TurnoutByGateway.OrderBy(t => ballots.NameOf(t.Key), StringComparer.Ordinal)
                .Select(t => (JsonNode)new JsonObject { ["gateway"] = ballots.NameOf(t.Key), ["key"] = t.Key.ToHex(), ["votes"] = t.Value }).ToArray()),
            ["conflicts"] = new JsonArray(report.Conflicts.Select(c => (JsonNode)new JsonObject
            {
                ["gateways"] = new JsonArray(c.Gateways.Select(g => (JsonNode)JsonValue.Create(ballots.NameOf(g))).ToArray()),
                ["counted"] = c.Counted.ToHex(),
            }).ToArray()),
            ["awaitingCloseSeen"] = new JsonArray(report.AwaitingCloseSeen.Select(g => (JsonNode)JsonValue.Create(ballots.NameOf(g))).ToArray()),
            ["winners"] = report.Result is { } r ? new JsonArray(r.Winners.Select(w => (JsonNode)JsonValue.Create(w)).ToArray()) : null,
            ["tally"] = report.Result is { } result ? JsonNode.Parse(TallyJson.Write(result with { Title = ballots.TitleOf(d) })) : null,
            ["tallyProblem"] = report.TallyProblem,
            ["trackers"] = new JsonArray(report.Trackers.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
            ["batches"] = new JsonArray(report.Batches.Select(b => (JsonNode)new JsonObject
            {
                ["gateway"] = ballots.NameOf(b.Gateway),
                ["batch"] = b.Number,
                ["counts"] = b.Counts,
                ["trackers"] = new JsonArray(b.Trackers.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
            }).ToArray()),
        };
    }

    private static void Render(IAnsiConsole console, AssemblyBallots ballots, BallotReport report)
    {
        var d = report.Ballot.Definition;
        console.Write(new Rule($"[bold]{Markup.Escape(d.Id)}[/] — {Markup.Escape(ballots.TitleOf(d))}").LeftJustified());
        console.MarkupLine($"status: [bold]{Status(report)}[/]   method: {Markup.Escape(d.Method)}   eligible: {TallyTable.Num(report.Eligible)}   counted: {report.Counted.Count}   not counted: {report.Ignored.Count}");
        if (report.TurnoutByGateway.Count > 0)
            console.MarkupLine("turnout by gateway: " + Markup.Escape(string.Join(", ", report.TurnoutByGateway.OrderBy(t => ballots.NameOf(t.Key), StringComparer.Ordinal).Select(t => $"{ballots.NameOf(t.Key)} {t.Value}"))));
        if (report.AwaitingCloseSeen.Count > 0 && report.Status == BallotStatus.Provisional)
            console.MarkupLine("provisional until these gateways see the close (or kiosk ballot certify): " + Markup.Escape(string.Join(", ", report.AwaitingCloseSeen.Select(ballots.NameOf))));
        foreach (var c in report.Conflicts)
            console.MarkupLine($"[yellow]conflict[/]: one credential voted at {Markup.Escape(string.Join(" and ", c.Gateways.Select(ballots.NameOf)))}; the vote {c.Counted.ShortHex} counts");
        foreach (var group in report.Ignored.GroupBy(i => i.Reason, StringComparer.Ordinal))
            console.MarkupLine($"[dim]not counted: {group.Count()} ({Markup.Escape(group.Key)})[/]");
        if (report.Result is { } result) TallyTable.Render(console, result with { Title = ballots.TitleOf(d) });
        else if (report.TallyProblem is { } problem) console.MarkupLine($"[red]no tally[/]: {Markup.Escape(problem)}");
        foreach (var batch in report.Batches)
            console.MarkupLine($"batch {batch.Number} of {Markup.Escape(ballots.NameOf(batch.Gateway))}{(batch.Counts ? "" : " (does not count: published after the close)")}: " + string.Join(" ", batch.Trackers));
        if (report.Trackers.Count > 0) console.MarkupLine("counted receipt trackers: " + string.Join(" ", report.Trackers));
        console.WriteLine();
    }
}
