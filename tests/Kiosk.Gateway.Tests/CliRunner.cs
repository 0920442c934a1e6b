using Kiosk.Gateway.Cli;

namespace Kiosk.Gateway.Tests;

/// <summary>Runs the real command tree in-process against a temporary data folder, capturing what it prints.</summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Root = Path.Combine(Path.GetTempPath(), "kiosk-cli-" + Guid.NewGuid().ToString("N")[..12]);
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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
