using Kiosk.Gateway.Data;
using System.CommandLine;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>What a running command needs: its parsed options, the data folder, where to print.</summary>
public sealed class CommandContext(ParseResult parseResult, CancellationToken cancellationToken)
{
    /// <summary>The parse result, for reading the command's own options.</summary>
    public ParseResult Parse { get; } = parseResult;

    /// <summary>Cancelled on Ctrl+C.</summary>
    public CancellationToken Cancellation { get; } = cancellationToken;

    /// <summary>The data folder from <c>--data</c>.</summary>
    public DataFolder Data { get; } = new(parseResult.GetValue(CommonOptions.Data)!);

    /// <summary>True with <c>--json</c>.</summary>
    public bool Json { get; } = parseResult.GetValue(CommonOptions.Json);

    /// <summary>Standard output (the invocation's writer, so tests can capture it).</summary>
    public TextWriter Output { get; } = parseResult.InvocationConfiguration.Output;

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; } = parseResult.InvocationConfiguration.Error;

    /// <summary>A Spectre console on <see cref="Output"/> for tables and progress.</summary>
    public IAnsiConsole Console => _console ??= CliRun.Console(Output);

    private IAnsiConsole? _console;

    /// <summary>The value of one of the command's options.</summary>
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>The value of one of the command's arguments.</summary>
    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>Writes <paramref name="value"/> as JSON on standard output.</summary>
    public Task WriteJsonAsync(object value) => Output.WriteLineAsync(CliRun.ToJson(value));
}
