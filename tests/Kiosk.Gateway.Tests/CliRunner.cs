using Kiosk.Gateway.Cli;

namespace Kiosk.Gateway.Tests;

/// <summary>Runs the real command tree in-process against a temporary data folder, capturing what it prints.</summary>
public sealed class CliRunner : IDisposable
{
    /// <summary>How long a serving command may take to print what a test waits for: a safety net, never a pace.</summary>
    private static readonly TimeSpan ServeDeadline = TimeSpan.FromMinutes(2);

    public CliRunner(string? under = null)
    {
        Root = Path.Combine(under ?? Path.GetTempPath(), "kiosk-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Data = Path.Combine(Root, "data");
    }

    public string Root { get; }
    public string Data { get; }

    public sealed record Run(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }

    public async Task<Run> Kiosk(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await KioskCli.RunAsync([.. args, "--data", Data], output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    public async Task<Run> Ok(params string[] args)
    {
        var run = await Kiosk(args);
        Assert.True(run.ExitCode == 0, $"kiosk {string.Join(' ', args)} failed: {run}");
        return run;
    }

    /// <summary>
    /// Runs a command that serves until Ctrl+C (demo, run, device serve) with <paramref name="extensions"/>, until its output
    /// contains one of <paramref name="untilAny"/> (or it exits), then stops it as Ctrl+C would and returns what it printed.
    /// </summary>
    public async Task<Run> ServeUntil(CliExtensions? extensions, string[] untilAny, params string[] args)
    {
        using var output = new WatchedWriter();
        using var error = new WatchedWriter();
        using var stop = new CancellationTokenSource();
        var seen = output.WaitForAnyAsync(untilAny);
        var running = KioskCli.RunAsync([.. args, "--data", Data], output, error, extensions, stop.Token);
        var first = await Task.WhenAny(seen, running, Task.Delay(ServeDeadline));
        await stop.CancelAsync();
        var code = await running;
        Assert.True(first == seen, $"kiosk {string.Join(' ', args)} never printed any of [{string.Join(", ", untilAny)}]:\n{output}\n{error}");
        return new Run(code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
