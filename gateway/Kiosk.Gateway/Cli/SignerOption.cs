using Kiosk.Gateway.Data;
using System.CommandLine;

namespace Kiosk.Gateway.Cli;

/// <summary><c>--as NAME</c>: which facilitator's key (keys/NAME.key) signs the event a command writes.</summary>
public static class SignerOption
{
    /// <summary>Creates the option (each command owns its instance).</summary>
    public static Option<string> Create() => new("--as")
    {
        Description = "Name of the facilitator key (in the data folder's keys/) that signs the event.",
        DefaultValueFactory = _ => DataFolder.FounderKeyName,
    };
}
