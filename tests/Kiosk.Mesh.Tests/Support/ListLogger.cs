using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kiosk.Mesh.Tests.Support;

/// <summary>A logger factory that keeps every formatted line, so tests can check what was logged and why.</summary>
public sealed class ListLogger : ILoggerFactory, ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public bool Contains(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => this;
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    /// <summary>The least level kept (Information, as a running gateway logs the mesh; lower to see everything).</summary>
    public LogLevel MinimumLevel { get; set; } = LogLevel.Information;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) Lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
    }

    public override string ToString() => string.Join('\n', Lines);
}
