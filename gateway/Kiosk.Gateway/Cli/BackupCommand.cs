using System.CommandLine;
using Kiosk.Gateway.Data;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk backup FILE</c> and <c>kiosk restore FILE</c>: the data folder as one encrypted file and back
/// (<see cref="DataFolderBackup"/>). A backup may be taken while <c>kiosk run</c> votes; a restore wants the service stopped.
/// </summary>
public static class BackupCommand
{
    /// <summary>Builds <c>kiosk backup</c>.</summary>
    public static Command CreateBackup()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The backup file to write (outside the data folder; best on another disk)." };
        var force = new Option<bool>("--force") { Description = "Replace FILE when it exists." };
        var passphraseFile = PassphraseFileOption();
        var command = new Command("backup", "Write the data folder (ledger, ballot box, devices, keys, certificates) to one file encrypted with a passphrase; safe while kiosk run is voting.") { file, force, passphraseFile };
        command.SetAction(async context =>
        {
            var passphrase = PassphraseInput.Read(context, context.Get(passphraseFile));
            var made = DataFolderBackup.Write(context.Data, context.Get(file)!.FullName, passphrase, TimeProvider.System, context.Get(force));
            if (context.Json) await context.WriteJsonAsync(new BackupOutput(made.File, made.Bytes, made.Files));
            else await context.Output.WriteLineAsync($"Backed up {context.Data.Root.FullName} ({made.Files.Count} files) to {made.File} ({made.Bytes:N0} bytes, encrypted). Keep the passphrase apart from the file: without it nothing can be restored.");
            return 0;
        });
        return command;
    }

    /// <summary>Builds <c>kiosk restore</c>.</summary>
    public static Command CreateRestore()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The backup file kiosk backup wrote." };
        var force = new Option<bool>("--force") { Description = "Restore into a folder that is not empty: what is there moves to replaced-TIME/ inside it first." };
        var passphraseFile = PassphraseFileOption();
        var command = new Command("restore", "Bring a data folder back from a kiosk backup file (stop the gateway first).") { file, force, passphraseFile };
        command.SetAction(async context =>
        {
            var passphrase = PassphraseInput.Read(context, context.Get(passphraseFile));
            var restored = DataFolderBackup.Restore(context.Data, context.Get(file)!.FullName, passphrase, TimeProvider.System, context.Get(force));
            var manifest = restored.Manifest;
            if (context.Json)
            {
                await context.WriteJsonAsync(new RestoreOutput(context.Data.Root.FullName, manifest.Created, manifest.Assembly, manifest.Files, restored.MovedAside));
                return 0;
            }
            await context.Output.WriteLineAsync($"Restored {manifest.Files.Count} files of assembly {manifest.Assembly ?? "(unnamed)"}, backed up {manifest.Created:u}, into {context.Data.Root.FullName}.");
            if (restored.MovedAside is { } aside) await context.Output.WriteLineAsync($"What the folder held before is in {aside}.");
            await context.Output.WriteLineAsync("Events written after the backup are not in it. If this gateway has peers, start it and let it catch up with them (kiosk status) before it takes votes: its own feed must continue from where the peers saw it, or it forks.");
            return 0;
        });
        return command;
    }

    private static Option<FileInfo?> PassphraseFileOption() =>
        new("--passphrase-file") { Description = "Read the passphrase from this file's first line (default: standard input).", HelpName = "FILE" };

    /// <summary>The --json output of backup.</summary>
    internal sealed record BackupOutput(string File, long Bytes, IReadOnlyList<string> Files);

    /// <summary>The --json output of restore.</summary>
    internal sealed record RestoreOutput(string Data, DateTimeOffset Created, string? Assembly, IReadOnlyList<string> Files, string? MovedAside);
}
