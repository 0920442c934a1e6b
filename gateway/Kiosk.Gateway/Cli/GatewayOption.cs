using System.CommandLine;

namespace Kiosk.Gateway.Cli;

/// <summary><c>--gateway NAME</c>: the same option, read the same way (<see cref="GatewayName.Resolve"/>), in every command that names a gateway.</summary>
public static class GatewayOption
{
    /// <summary>Creates the option (each command owns its instance); <paramref name="what"/> says what the gateway does in this command.</summary>
    public static Option<string?> Create(string what) => new("--gateway")
    {
        Description = $"{what}: its enrolled name (library-hall), its key-file name (gateway-library-hall) or its public key (default: the gateway whose key is in this data folder).",
        HelpName = "NAME",
    };
}
