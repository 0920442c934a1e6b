using System.CommandLine;

namespace Kiosk.Gateway.Cli;

/// <summary>Options every command accepts: where the gateway's data lives, and whether to print JSON.</summary>
public static class CommonOptions
{
    /// <summary>Environment variable that names the default data folder.</summary>
    public const string DataEnvironmentVariable = "KIOSK_DATA";

    /// <summary><c>--data DIR</c>: the gateway's data folder (default <c>$KIOSK_DATA</c>, else <c>./data</c>).</summary>
    public static readonly Option<DirectoryInfo> Data = new("--data")
    {
        Description = "The gateway's data folder (default: $KIOSK_DATA, else ./data).",
        HelpName = "DIR",
        Recursive = true,
        DefaultValueFactory = _ => new DirectoryInfo(
            Environment.GetEnvironmentVariable(DataEnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv : "data"),
    };

    /// <summary><c>--json</c>: plain JSON on standard output, for scripts.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print plain JSON instead of tables.",
        Recursive = true,
    };
}
