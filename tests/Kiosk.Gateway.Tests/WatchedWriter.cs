using System.Text;

namespace Kiosk.Gateway.Tests;

/// <summary>A thread-safe text writer whose text a test can wait on: completes a wait as soon as a given text is written.</summary>
public sealed class WatchedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<(string[] Any, TaskCompletionSource<string> Done)> _waits = [];

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Completes with the first of <paramref name="any"/> the text contains (now or once written).</summary>
    public Task<string> WaitForAnyAsync(params string[] any)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_text)
        {
            _waits.Add((any, done));
            Check();
        }
        return done.Task;
    }

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
            if (value == '\n') Check();
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
            Check();
        }
    }

    public override void WriteLine(string? value) => Write(value + NewLine);

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    public override string ToString()
    {
        lock (_text) return _text.ToString();
    }

    private void Check()
    {
        var text = _text.ToString();
        foreach (var (any, done) in _waits)
            if (any.FirstOrDefault(a => text.Contains(a, StringComparison.Ordinal)) is { } found) done.TrySetResult(found);
    }
}
