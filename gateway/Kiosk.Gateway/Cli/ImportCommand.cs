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
            var results = await ledger.ReceiveAsync(archive.raws, context.Cancellation);
            var accepted = results.Count(r => r.IsAccepted);
            var duplicates = results.Count(r => r.Rejection?.Reason == RejectReason.Duplicate);
            var pending = results.Count(r => r.Status == ReceiveStatus.Pending);
            var refused = results.Select((r, i) => (r, i)).Where(x => x.r.Status == ReceiveStatus.Rejected && x.r.Rejection!.Reason != RejectReason.Duplicate).ToList();
            if (context.Json)
            {
                await context.WriteJsonAsync(new
                {
                    file = file.FullName, assembly = ledger.Assembly?.ToString(), accepted, duplicates, pending,
                    refused = refused.Select(x => new { line = x.i + 2, code = x.r.Rejection!.Code, message = x.r.Rejection.Message }),
                });
            }
            else
            {
                await context.Output.WriteLineAsync($"Imported {file.Name}: {accepted} accepted, {duplicates} already held, {pending} pending, {refused.Count} refused");
                foreach (var (r, i) in refused) await context.Output.WriteLineAsync($"  line {i + 2}: {r.Rejection}");
            }
            return refused.Count == 0 ? 0 : CliRun.CheckFailed;
        });
        return command;
    }
}
