using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Kiosk.Gateway.Host;

/// <summary>
/// One log line per entry with the gateway's name in front (<c>[market-hall] info: Kiosk.Mesh: …</c>), for gateways that
/// share one terminal (<c>kiosk demo --gateways 3</c>): otherwise nobody could tell whose link came up.
/// </summary>
internal sealed class NamedLogFormatter(IOptionsMonitor<NamedLogFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    /// <summary>The formatter's name in the console logger's options.</summary>
    public const string FormatterName = "kiosk-named";

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null) return;
        var level = logEntry.LogLevel switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        textWriter.Write($"[{options.CurrentValue.Name}] {level}: {logEntry.Category}: {message}");
        if (logEntry.Exception is { } e) textWriter.Write($" {e.GetType().Name}: {e.Message}");
        textWriter.WriteLine();
    }
}

/// <summary>The name <see cref="NamedLogFormatter"/> puts in front.</summary>
internal sealed class NamedLogFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>The gateway's name.</summary>
    public string Name { get; set; } = "";
}
