using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk import</c>: takes a ledger file into the data folder (new, or merging into the same assembly),
/// verifying every event as if it came from a peer. Exit code 1 when any event was refused.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "The ledger file written by kiosk export.", Required = true };
        var command = new Command("import", "Import a ledger file: every event is verified; refused events are listed.") { input };
        command.SetAction(async context =>
        {
            var file = context.Get(input)!;
            if (!file.Exists) throw new UserErrorException($"{file.FullName} does not exist");
            (LedgerArchive.Header header, List<byte[]> raws) archive;
            await using (var stream = file.OpenRead()) archive = await LedgerArchive.ReadAsync(stream, file.Name, context.Cancellation);

            // Not the start-up check: importing serves nothing, and it is how a rolled-back feed gets its lost events back.
            await using var ledger = context.Data.OpenLedger(mustExist: false, check: false);
            if (ledger.Assembly is { } mine && archive.header.Assembly != mine.ToString())
                throw new UserErrorException($"{file.Name} holds assembly {archive.header.Assembly}; this data folder holds {mine}");
            var report = await LedgerImport.ImportAsync(ledger, archive.raws, context.Cancellation);
            var (accepted, duplicates, pending, refused) = (report.Accepted, report.Duplicates, report.Pending, report.Refused);
            if (context.Json)
            {
                await context.WriteJsonAsync(new ImportOutput(file.FullName, ledger.Assembly?.ToString(), accepted, duplicates, pending,
                    refused.Select(x => new RefusedLine(x.Index + 2, x.Rejection.Code, x.Rejection.Message))));
            }
            else
            {
                await context.Output.WriteLineAsync($"Imported {file.Name}: {accepted} accepted, {duplicates} already held, {pending} pending, {refused.Count} refused");
                foreach (var (i, r) in refused) await context.Output.WriteLineAsync($"  line {i + 2}: {r}");
            }
            return refused.Count == 0 ? 0 : CliRun.CheckFailed;
        });
        return command;
    }

    /// <summary>The --json output of import.</summary>
    internal sealed record ImportOutput(string File, string? Assembly, int Accepted, int Duplicates, int Pending, IEnumerable<RefusedLine> Refused);

    /// <summary>One line of the file that was refused, and why.</summary>
    internal sealed record RefusedLine(int Line, string Code, string Message);
}
