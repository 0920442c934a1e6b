using System.CommandLine;

namespace Kiosk.Gateway.Cli;

/// <summary>The <c>kiosk</c> command line: one root command, one file per subcommand.</summary>
public static class KioskCli
{
    /// <summary>Builds the whole command tree, with what <paramref name="extensions"/> adds; tests call it with their own output writers.</summary>
    public static RootCommand Build(CliExtensions? extensions = null)
    {
        extensions ??= new CliExtensions();
        var root = new RootCommand("Kiosk: an assembly's signed ledger, ballots and votes on its own hardware.");
        root.Options.Add(CommonOptions.Data);
        root.Options.Add(CommonOptions.Json);
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(FacilitatorCommand.Create());
        root.Subcommands.Add(GatewayCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(DemoCommand.Create(extensions.DemoButtons));
        root.Subcommands.Add(TallyCommand.Create());
        root.Subcommands.Add(MeshCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(PassphraseCommand.Create());
        root.Subcommands.Add(DeviceCommand.Create());
        root.Subcommands.Add(BallotCommand.Create());
        root.Subcommands.Add(NoticeCommand.Create());
        root.Subcommands.Add(CodesCommand.Create());
        root.Subcommands.Add(ProxyCommand.Create());
        root.Subcommands.Add(VoteCommand.Create());
        root.Subcommands.Add(ResultsCommand.Create());
        root.Subcommands.Add(CertifyCommand.Create());
        foreach (var extra in extensions.Commands) root.Subcommands.Add(extra());
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CliExtensions? extensions = null)
    {
        var config = new InvocationConfiguration();
        if (output is not null) config.Output = output;
        if (error is not null) config.Error = error;
        return Build(extensions).Parse(args).InvokeAsync(config);
    }
}
