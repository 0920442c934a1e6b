using System.Diagnostics;

namespace Kiosk.Gateway.Tests;

/// <summary>Runs a program to its end with standard input closed, returning its exit code and everything it printed.</summary>
public static class ShellRun
{
    /// <summary>What a finished program left: its exit code and its standard output and error, interleaved by stream.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="args"/>; a program still running after
    /// <paramref name="deadline"/> is killed with its children and the test fails, naming it.
    /// </summary>
    public static async Task<Result> RunAsync(TimeSpan deadline, string program, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + program);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{program} {string.Join(' ', args)} still ran after {deadline}; it printed:\n{await stdout}\n{await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Fails the test, saying so, when it does not run as root (chroot, mount, chown of other users' files).</summary>
    public static void RequireRoot(string why)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            Assert.Fail($"this test needs root ({why}); ./test.sh runs as root in CI: run it, or dotnet test, as root");
    }
}
