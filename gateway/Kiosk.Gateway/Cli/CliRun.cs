using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>How commands run and print: user errors as one line on stderr with exit code 2; JSON or tables on stdout.</summary>
public static class CliRun
{
    /// <summary>Exit code when the user's input or data is wrong.</summary>
    public const int UserError = 2;

    /// <summary>Exit code when a check (such as verify) found problems.</summary>
    public const int CheckFailed = 1;

    /// <summary>Sets an action that turns <see cref="UserErrorException"/> and data errors into a clear message and exit code 2.</summary>
    public static void SetAction(this Command command, Func<CommandContext, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = new CommandContext(parseResult, cancellationToken);
            try
            {
                return await FolderWriters.RunAsync(context, action);
            }
            catch (IOException e) when (Data.StorageErrors.Describe(e) is { } sentence)
            {
                await context.Error.WriteLineAsync($"{UsageErrors.PathOf(parseResult.CommandResult)}: {sentence}");
                return UserError;
            }
            catch (Exception e) when (e is UserErrorException or InvalidDataException or Kiosk.Ledger.KeyFileException or IOException or UnauthorizedAccessException)
            {
                await context.Error.WriteLineAsync($"{UsageErrors.PathOf(parseResult.CommandResult)}: {e.Message}");
                return UserError;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (Data.StorageErrors.Describe(e) is { } sentence)
            {
                await context.Error.WriteLineAsync($"{UsageErrors.PathOf(parseResult.CommandResult)}: {sentence}");
                return UserError;
            }
        });
    }

    /// <summary>
    /// Serializes <paramref name="value"/> as indented JSON with camelCase names, through its contract in <see cref="CliJson"/>.
    /// A type without one (a developer tool's report) is serialized by reflection where reflection is enabled (not in the
    /// Native AOT program).
    /// </summary>
    public static string ToJson(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (CliJson.Default.GetTypeInfo(value.GetType()) is { } contract) return JsonSerializer.Serialize(value, contract);
        if (JsonSerializer.IsReflectionEnabledByDefault) return ToJsonByReflection(value);
        throw new NotSupportedException($"{value.GetType()} has no JSON contract: add it to {nameof(CliJson)}");
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reached only when reflection-based serialization is enabled, which the Native AOT program disables; every output of the program has a contract in CliJson (a test checks).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above: never reached in the Native AOT program.")]
    private static string ToJsonByReflection(object value) => JsonSerializer.Serialize(value, _reflectionOptions ??= new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    });

    private static JsonSerializerOptions? _reflectionOptions;

    /// <summary>A Spectre console writing to the command's output writer.</summary>
    public static IAnsiConsole Console(TextWriter output)
    {
        var terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Piped or captured output has no width of its own: wide enough that tables do not wrap ids and names.
        if (!terminal) console.Profile.Width = WideOutput;
        return console;
    }

    /// <summary>Column count used when output is not a terminal.</summary>
    public const int WideOutput = 200;
}
