using System.CommandLine;

namespace Kiosk.Gateway.Cli.Settings;

/// <summary>
/// The settings of <c>kiosk run</c> beyond <see cref="ServeOptions"/>: the configuration file to read, the gateway and the
/// data folder, and the environment read (<paramref name="environment"/>, else the process's). Shared by <c>kiosk run</c> and <c>kiosk config check</c>, so both read every value the same way.
/// </summary>
public sealed class RunSettings(System.Collections.IDictionary? environment = null)
{
    /// <summary><c>--config FILE</c>.</summary>
    public Option<string?> Config { get; } = new("--config")
    {
        Description = $"Configuration file (default: ${ConfigFile.PathVariable}, else {ConfigFile.DefaultPath} when it exists). Flags beat KIOSK_* environment variables, which beat the file.",
        HelpName = "FILE",
    };

    /// <summary><c>--gateway NAME</c>.</summary>
    public Option<string?> Gateway { get; } = GatewayOption.Create("This gateway (its key must be in this data folder)");

    /// <summary>The options of serving.</summary>
    public ServeOptions Serve { get; } = new();

    /// <summary>Every option a value can come from the environment or the file for (<c>data</c> is the root's <c>--data</c>).</summary>
    public IReadOnlyList<Option> Configurable => [CommonOptions.Data, Gateway, .. Serve.All];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Config);
        command.Options.Add(Gateway);
        Serve.AddTo(command);
    }

    /// <summary>The reader of flags, environment and file for <paramref name="context"/>.</summary>
    public SettingsReader Reader(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SettingsReader.Load(context.Parse, Config, Configurable, environment ?? Environment.GetEnvironmentVariables());
    }
}
