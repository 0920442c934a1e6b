using System.CommandLine;
using Kiosk.Gateway.Data;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// What another program adds to the product's command line. The developer's tools (benchmarks, simulated buttons) live
/// outside the program a gateway service runs, and plug in here; the product passes none.
/// </summary>
public sealed class CliExtensions
{
    /// <summary>Extra top-level commands (for example <c>bench</c> and <c>sim</c>).</summary>
    public IReadOnlyList<Func<Command>> Commands { get; init; } = [];

    /// <summary>
    /// Runs the demo's enrolled buttons once against the gateway's broker (as simulated ESP32s). Null in the product:
    /// the demo then enrols its buttons and says how to press them.
    /// </summary>
    public Func<DataFolder, Uri, TextWriter, Task>? DemoButtons { get; init; }

    /// <summary>
    /// The environment <c>kiosk run</c> and <c>kiosk config check</c> read <c>KIOSK_*</c> settings from; null for the
    /// process's own (tests pass theirs, so parallel tests never share a variable).
    /// </summary>
    public System.Collections.IDictionary? Environment { get; init; }
}
