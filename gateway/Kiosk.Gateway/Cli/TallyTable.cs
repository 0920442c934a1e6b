using System.Globalization;
using Kiosk.Voting.Tally;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>How the command line shows a tally: one column per round, what happened each round, the decision and winners.</summary>
public static class TallyTable
{
    /// <summary>A number as the tables print it (invariant culture, no trailing zeros added).</summary>
    internal static string Num(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    /// <summary>The human view: a heading, one column per round (tallies, threshold, inactive), then what happened each round.</summary>
    public static void Render(IAnsiConsole console, TallyResult r)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(r.Title ?? r.Method.Name())}[/] — {Markup.Escape(r.Method.Name())}, {r.Seats} seat(s), {Num(r.TotalVotes)} votes").LeftJustified());
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Candidate");
        foreach (var round in r.Rounds) table.AddColumn(new TableColumn($"Round {round.Round}").RightAligned());
        foreach (var name in r.Candidates)
        {
            var cells = new List<string> { Markup.Escape(name) + (r.Winners.Contains(name) ? " [green]✓[/]" : "") };
            foreach (var round in r.Rounds)
            {
                var value = round.Tally.FirstOrDefault(t => t.Name == name);
                var text = round.Tally.Any(t => t.Name == name) ? Num(value.Value) : "";
                if (round.Elected.Contains(name)) text = $"[green]{text} elected[/]";
                else if (round.Eliminated.Contains(name)) text = $"[red]{text} out[/]";
                cells.Add(text);
            }
            table.AddRow(cells.ToArray());
        }
        if (r.Rounds.Any(x => x.Threshold is not null))
            table.AddRow(r.Rounds.Select(x => x.Threshold is { } t ? $"[dim]{Num(t)}[/]" : "").Prepend("[dim]threshold[/]").ToArray());
        if (r.Rounds.Any(x => x.Inactive is not null))
            table.AddRow(r.Rounds.Select(x => x.Inactive is { } i ? $"[dim]{Num(i.Total)}[/]" : "").Prepend("[dim]inactive[/]").ToArray());
        console.Write(table);
        if (r.Undervotes is > 0 and { } blank) console.MarkupLine($"Blank ballots (undervotes): {Num(blank)}");
        if (r.Excluded.Count > 0) console.MarkupLine("Excluded: " + Markup.Escape(string.Join(", ", r.Excluded)));
        foreach (var round in r.Rounds)
        {
            var lines = new List<string>();
            lines.AddRange(round.Transfers.Select(t => $"from {t.From}: " + string.Join(", ", t.To.Select(x => $"{x.Name} +{Num(x.Value)}"))));
            if (round.Inactive is { Total: > 0 } i)
                lines.Add($"inactive so far: overvotes {Num(i.Overvotes)}, skipped rankings {Num(i.SkippedRankings)}, exhausted choices {Num(i.ExhaustedChoices)}, repeated rankings {Num(i.RepeatedRankings)}");
            lines.AddRange(round.Notes);
            if (lines.Count == 0) continue;
            console.MarkupLine($"[bold]Round {round.Round}[/]");
            foreach (var line in lines) console.MarkupLine("  " + Markup.Escape(line));
        }
        if (r.Decision is { } d) console.MarkupLine((d.Passed ? "[green]" : "[red]") + Markup.Escape(d.Reason) + "[/]");
        if (r.Budget is { } b)
        {
            console.MarkupLine($"Spent {Num(b.Spent)} of {Num(b.Budget)} (completion: {Markup.Escape(b.Completion)}, voter share {Num(b.ShareUsed)}).");
            console.MarkupLine($"Greedy by votes would fund: {Markup.Escape(string.Join(", ", b.GreedyWinners))} ({Num(b.GreedySpent)}).");
        }
        if (r.Ranking is { } ranking) console.MarkupLine("Ranking: " + Markup.Escape(string.Join(" > ", ranking.Select(t => string.Join(" = ", t)))));
        console.MarkupLine("[bold]Winners:[/] " + (r.Winners.Count == 0 ? "none" : Markup.Escape(string.Join(", ", r.Winners))));
    }
}
