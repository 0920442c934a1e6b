using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk verify</c>: re-checks every row of the ledger — signatures, chains, authorisation, every derived table and
/// column against its recomputation, the state hash, the head records; exit code 1 when anything is wrong.
/// </summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var rebuild = new Option<bool>("--rebuild") { Description = "Recompute the projections (caches) from the events first." };
        var command = new Command("verify", "Re-check every row of the data folder's ledger: signatures, chains, authorisation, derived tables, state hash, head records.") { rebuild };
        command.SetAction(async context =>
        {
            if (!context.Data.HasLedger) throw new UserErrorException($"no ledger in {context.Data.Root.FullName}");
            if (context.Get(rebuild))
            {
                // The start-up check would refuse exactly the ledger this is meant to repair.
                await using var ledger = context.Data.OpenLedger(check: false);
                await ledger.RebuildProjectionsAsync(context.Cancellation);
            }
            var report = LedgerVerifier.Verify(context.Data.LedgerPath, DataFolder.Kinds());
            if (context.Json)
            {
                await context.WriteJsonAsync(new VerifyOutput(report.Path, report.Assembly?.ToString(), report.IsValid, report.Events, report.Feeds, report.Pending, report.Equivocations,
                    report.HeadRecords, report.SignaturesChecked, report.StateHash?.ToHex(), report.StoredStateHash?.ToHex(),
                    report.Problems.Select(p => new ProblemOutput(p.Code, p.Table, p.Message, p.Author?.ToHex(), p.Seq, p.EventId?.ToHex(), p.Kind))));
            }
            else
            {
                Print(context.Console, report);
            }
            return report.IsValid ? 0 : CliRun.CheckFailed;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, VerifyReport report)
    {
        console.MarkupLine($"Ledger [bold]{Markup.Escape(report.Path)}[/], assembly {report.Assembly?.ToString() ?? "(none)"}");
        console.MarkupLine($"{report.Events} events in {report.Feeds} feeds, {report.Pending} pending, {report.Equivocations} forked feeds, {report.HeadRecords} head record(s), {report.SignaturesChecked} signatures checked");
        if (report.IsValid)
        {
            console.MarkupLine($"[green]OK[/]: every signature, chain, authorisation and derived table checks out. State hash {report.StateHash?.ToHex()}");
            return;
        }
        var table = new Table().AddColumns("problem", "table", "event (author#seq)", "kind", "id", "what is wrong");
        foreach (var p in report.Problems)
            table.AddRow(Markup.Escape(p.Code), Markup.Escape(p.Table ?? ""), Markup.Escape(p.Where), Markup.Escape(p.Kind ?? ""), Markup.Escape(p.EventId?.ShortHex ?? ""), Markup.Escape(p.Message));
        console.Write(table);
        if (report.StoredStateHash is { } stored && report.StateHash is { } computed && stored != computed)
            console.MarkupLine($"state hash from the events {computed.ToHex()}; from the stored tables (kiosk status) {stored.ToHex()}");
        console.MarkupLine($"[red]FAILED[/]: {report.Problems.Count} problem(s)");
    }

    /// <summary>The --json output of verify.</summary>
    internal sealed record VerifyOutput(string Path, string? Assembly, bool Valid, long Events, long Feeds, long Pending, long ForkedFeeds, long HeadRecords, long SignaturesChecked,
        string? StateHash, string? StoredStateHash, IEnumerable<ProblemOutput> Problems);

    /// <summary>One problem verify found.</summary>
    internal sealed record ProblemOutput(string Code, string? Table, string Message, string? Author, long? Seq, string? EventId, string? Kind);
}
