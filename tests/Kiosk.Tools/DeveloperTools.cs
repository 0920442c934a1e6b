using Kiosk.Gateway.Cli;

namespace Kiosk.Tools;

/// <summary>What the developer's program adds to the product's command line: <c>bench …</c>, <c>sim buttons</c>, and demo buttons that vote.</summary>
public static class DeveloperTools
{
    /// <summary>The extensions, for <see cref="KioskCli.RunAsync"/> and for tests that drive the tools in-process.</summary>
    public static CliExtensions Extensions { get; } = new()
    {
        Commands = [BenchCommand.Create, SimCommand.Create],
        DemoButtons = SimulatedDemoButtons.VoteOnceAsync,
    };
}
