using System.CommandLine;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk export</c>: writes the ledger as a portable JSON Lines file anyone can check.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "The file to write.", Required = true };
        var command = new Command("export", "Write the ledger as a portable file (JSON Lines, canonical bytes in base64).") { output };
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            var target = context.Get(output)!;
            var count = await WriteFileAsync(ledger, target, context.Cancellation);
            if (context.Json) await context.WriteJsonAsync(new ExportOutput(target.FullName, count, ledger.Assembly?.ToString()));
            else await context.Output.WriteLineAsync($"Exported {count} events of assembly {ledger.Assembly} to {target.FullName}");
            return 0;
        });
        return command;
    }

    /// <summary>Writes <paramref name="ledger"/>'s archive to <paramref name="target"/>; returns the number of events.</summary>
    internal static async Task<long> WriteFileAsync(Kiosk.Ledger.Ledger ledger, FileInfo target, CancellationToken cancellationToken)
    {
        var temporary = target.FullName + ".partial";
        long count;
        await using (var stream = File.Create(temporary))
        {
            count = await LedgerArchive.WriteAsync(ledger, stream, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        File.Move(temporary, target.FullName, overwrite: true); // never leave a half-written export under the real name
        return count;
    }

    /// <summary>The --json output of export.</summary>
    internal sealed record ExportOutput(string File, long Events, string? Assembly);
}
