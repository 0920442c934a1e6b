using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using System.CommandLine;
using System.CommandLine.Parsing;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// One writer per data folder, on the command line's side. A command that writes the ledger takes the folder's lock
/// (<see cref="FolderLock"/>) for as long as it runs; when a running gateway holds it, the command is sent over the
/// gateway's control socket and carried out there, on the gateway's one ledger (so its board shows the result at once),
/// or, when it cannot be (a command that serves, or a gateway without a socket), refused with a sentence saying what to
/// do. Commands that only read (status, verify, export, results, the lists) take no lock and always run.
/// </summary>
public static class FolderWriters
{
    // The commands that write the data folder's ledger, by their path under kiosk.
    private static readonly HashSet<string> Writers = new(StringComparer.Ordinal)
    {
        "init", "facilitator add", "facilitator remove", "gateway enrol", "gateway retire", "device enrol", "device revoke",
        "device secret", "device serve", "ballot create", "ballot open", "ballot close", "ballot certify", "codes issue", "vote",
        "proxy record", "meeting open", "meeting check-in", "meeting check-out", "meeting end", "notice post", "notice remove",
        "import", "hub enrol", "hub link", "hub join",
    };

    // Writers that run until stopped: a running gateway cannot run them for someone else.
    private static readonly HashSet<string> Serving = new(StringComparer.Ordinal) { "device serve", "hub link" };

    // Arguments and options whose value is a path, given relative to where the command was typed: the gateway runs
    // elsewhere, so they travel as full paths.
    private static readonly HashSet<string> PathNames = new(StringComparer.Ordinal) { "FILE", "--out", "--sheet" };

    /// <summary>True when the command <paramref name="result"/> names writes the ledger.</summary>
    public static bool Writes(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var path = PathOf(result);
        // verify only reads, unless asked to rebuild the projections it checks.
        return Writers.Contains(path) || (path == "verify" && result.Children.OfType<OptionResult>().Any(o => o.Option.Name == "--rebuild" && o.GetValueOrDefault<bool>()));
    }

    /// <summary>
    /// Runs <paramref name="action"/> as its folder's writer: under the lock, or through the running gateway, or refused.
    /// Commands that do not write run as they are.
    /// </summary>
    public static async Task<int> RunAsync(CommandContext context, Func<CommandContext, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(action);
        // Inside the gateway (a command from its control socket) the gateway's own lock and ledger already apply.
        if (!Writes(context.Parse.CommandResult) || context.Data.IsServedHere) return await action(context);
        using (var held = FolderLock.TryTake(context.Data))
        {
            if (held is not null) return await action(context);
        }
        var path = PathOf(context.Parse.CommandResult);
        var folder = context.Data.Root.FullName;
        if (Serving.Contains(path))
            throw new UserErrorException($"a running gateway serves the data folder {folder}, and kiosk {path} runs until stopped: it cannot run beside it. Stop the gateway (kiosk run) first");
        var reply = await ControlSocket.SendAsync(context.Data, ForwardedArgs(context), context.Cancellation)
            ?? throw new UserErrorException($"a running gateway (kiosk run) or another command holds the data folder {folder}, and kiosk {path} writes to it. "
                + "Wait for that command to finish, or make the change in the gateway's console, or stop the gateway first");
        await context.Output.WriteAsync(reply.Output);
        await context.Error.WriteAsync(reply.Error);
        return reply.ExitCode;
    }

    /// <summary>The command line again, with every path made full and the data folder named, for the gateway to run.</summary>
    public static IReadOnlyList<string> ForwardedArgs(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parse = context.Parse;
        var paths = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        var dataGiven = false;
        foreach (var symbol in Symbols(parse.RootCommandResult))
        {
            var (name, type, tokens) = symbol switch
            {
                OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens),
                ArgumentResult a => (a.Argument.Name, a.Argument.ValueType, a.Tokens),
                _ => ("", typeof(void), (IReadOnlyList<Token>)[]),
            };
            if (symbol is OptionResult { Option: var option } && ReferenceEquals(option, CommonOptions.Data) && tokens.Count > 0) dataGiven = true;
            if (PathNames.Contains(name) || typeof(FileSystemInfo).IsAssignableFrom(type))
                foreach (var token in tokens) paths.Add(token);
        }
        var args = parse.Tokens.Select(t => paths.Contains(t) ? Path.GetFullPath(t.Value) : t.Value).ToList();
        if (!dataGiven) args.AddRange(["--data", context.Data.Root.FullName]);
        return args;
    }

    private static IEnumerable<SymbolResult> Symbols(SymbolResult result)
    {
        yield return result;
        if (result is CommandResult command)
            foreach (var child in command.Children)
                foreach (var inner in Symbols(child))
                    yield return inner;
    }

    private static string PathOf(CommandResult result) =>
        UsageErrors.PathOf(result) is var full && full.StartsWith(KioskCli.ProgramName + " ", StringComparison.Ordinal) ? full[(KioskCli.ProgramName.Length + 1)..] : "";
}
