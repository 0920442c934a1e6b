using System.CommandLine;

namespace Kiosk.Gateway.Cli;

/// <summary>The <c>kiosk</c> command line: one root command, one file per subcommand.</summary>
public static class KioskCli
{
    /// <summary>The program's name in usage and messages (the developer's build runs as kiosk-tools, but is used as kiosk).</summary>
    public const string ProgramName = "kiosk";

    /// <summary>Builds the whole command tree, with what <paramref name="extensions"/> adds; tests call it with their own output writers.</summary>
    public static RootCommand Build(CliExtensions? extensions = null)
    {
        extensions ??= new CliExtensions();
        var root = new RootCommand("Kiosk: an assembly's signed ledger, ballots and votes on its own hardware.") { HelpName = ProgramName };
        root.Options.Add(CommonOptions.Data);
        root.Options.Add(CommonOptions.Json);
        // In the order a new assembly meets them: found it, say who runs it, run ballots, serve, then keep the record.
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(FacilitatorCommand.Create());
        root.Subcommands.Add(GatewayCommand.Create());
        root.Subcommands.Add(DeviceCommand.Create());
        root.Subcommands.Add(BallotCommand.Create());
        root.Subcommands.Add(CodesCommand.Create());
        root.Subcommands.Add(VoteCommand.Create());
        root.Subcommands.Add(ProxyCommand.Create());
        root.Subcommands.Add(MeetingCommand.Create());
        root.Subcommands.Add(ResultsCommand.Create());
        root.Subcommands.Add(NoticeCommand.Create());
        root.Subcommands.Add(RunCommand.Create(extensions.Environment));
        root.Subcommands.Add(ConfigCommand.Create(extensions.Environment));
        root.Subcommands.Add(PeerCommand.Create());
        root.Subcommands.Add(HubCommand.Create());
        root.Subcommands.Add(PassphraseCommand.Create());
        root.Subcommands.Add(DemoCommand.Create(extensions.DemoButtons));
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(TallyCommand.Create());
        root.Subcommands.Add(BackupCommand.CreateBackup());
        root.Subcommands.Add(BackupCommand.CreateRestore());
        foreach (var extra in extensions.Commands) root.Subcommands.Add(extra());
        return root;
    }

    /// <summary>
    /// Parses and runs; returns the process exit code. A command line that does not parse exits with 2 and the usage of
    /// the command it reached on <paramref name="error"/> (<see cref="UsageErrors"/>); retired spellings are rewritten first
    /// (<see cref="RetiredSpellings"/>).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CliExtensions? extensions = null,
        CancellationToken cancellationToken = default)
    {
        var config = new InvocationConfiguration();
        if (output is not null) config.Output = output;
        if (error is not null) config.Error = error;
        var rewritten = RetiredSpellings.Rewrite(args, out var notes);
        foreach (var note in notes) await config.Error.WriteLineAsync($"{ProgramName}: note: {note}");
        var parse = Build(extensions).Parse(rewritten);
        // --help (and --version) answer even a command line that is otherwise incomplete.
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true }) return await UsageErrors.ReportAsync(parse, config.Error);
        return await parse.InvokeAsync(config, cancellationToken);
    }
}
