using System.CommandLine;
using System.CommandLine.Parsing;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// What a command line that does not parse gets: exit code 2, each problem on standard error prefixed with the command it
/// concerns (with the closest command or option for a mistyped one), then the usage of that one command — its arguments,
/// options and subcommands — also on standard error. Standard output stays empty, so a script reading <c>--json</c>
/// never parses help text.
/// </summary>
public static class UsageErrors
{
    /// <summary>Writes the report for <paramref name="parse"/> (which has errors) to <paramref name="error"/>; returns the exit code.</summary>
    public static async Task<int> ReportAsync(ParseResult parse, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(error);
        var command = parse.CommandResult.Command;
        var path = PathOf(parse.CommandResult);
        foreach (var problem in parse.Errors)
            await error.WriteLineAsync($"{path}: {problem.Message}");
        foreach (var token in parse.UnmatchedTokens)
        {
            var candidates = command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name))
                .Concat(token.StartsWith('-') ? OptionsOf(parse.CommandResult).SelectMany(o => o.Aliases.Prepend(o.Name)) : []);
            var closest = NameSuggestion.Closest(token, candidates);
            if (closest.Count > 0) await error.WriteLineAsync($"{path}: did you mean {string.Join(" or ", closest)} instead of '{token}'?");
        }
        await error.WriteLineAsync();
        WriteUsage(parse, error);
        return CliRun.UserError;
    }

    /// <summary>
    /// The help of the command <paramref name="parse"/> reached, alone (its usage line, arguments, options and
    /// subcommands), written to <paramref name="writer"/>: System.CommandLine's own help, asked for that command.
    /// </summary>
    public static void WriteUsage(ParseResult parse, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var words = new List<string>();
        for (var r = parse.CommandResult; r.Parent is CommandResult parent; r = parent) words.Add(r.Command.Name);
        words.Reverse();
        words.Add("--help");
        parse.RootCommandResult.Command.Parse(words).Invoke(new InvocationConfiguration { Output = writer, Error = writer });
    }

    /// <summary>The options a command takes: its own, and the recursive ones of the commands above it (<c>--data</c>, <c>--json</c>).</summary>
    private static List<Option> OptionsOf(CommandResult result)
    {
        var options = result.Command.Options.Where(o => !o.Hidden).ToList();
        for (var r = result.Parent; r is not null; r = r.Parent)
            if (r is CommandResult above) options.AddRange(above.Command.Options.Where(o => o.Recursive && !o.Hidden));
        return options;
    }

    /// <summary>"kiosk ballot open": the words that reach the command, from the program's name on.</summary>
    public static string PathOf(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var words = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) words.Add(c.Parent is null ? KioskCli.ProgramName : c.Command.Name);
        words.Reverse();
        return string.Join(' ', words);
    }
}
