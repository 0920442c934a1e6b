using System.Diagnostics;
using Kiosk.Ledger.CrashWriter;

namespace Kiosk.Ledger.Tests.Crash;

/// <summary>
/// The crash writer (tests/Kiosk.Ledger.CrashWriter) running as a child process on a data folder. Its acks are read
/// line by line from stdout; <see cref="Kill"/> sends SIGKILL on Linux. Disposing kills it if it still runs.
/// </summary>
public sealed class CrashWriterProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _stderr = new();

    private CrashWriterProcess(Process process) => _process = process;

    /// <summary>Starts the writer on <paramref name="folder"/> with <paramref name="tasks"/> concurrent appenders.</summary>
    public static CrashWriterProcess Start(string folder, int tasks)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", WriterDll(), folder, tasks.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        var process = new Process { StartInfo = info };
        var writer = new CrashWriterProcess(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer._stderr) writer._stderr.WriteLine(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        return writer;
    }

    /// <summary>The next ack, or null when the writer's stdout ended (it exited or crashed: see <see cref="Stderr"/>).</summary>
    public async Task<AckLine?> ReadAckAsync(CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (AckLine.TryParse(line, out var ack)) return ack;
        }
        return null;
    }

    /// <summary>What the writer printed on stderr so far.</summary>
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Kills the writer and its children at once (SIGKILL) and waits until it is gone.</summary>
    public void Kill()
    {
        if (!HasExited()) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private bool HasExited()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true; // never started
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>The writer's dll: the project reference copies it beside the test assembly.</summary>
    private static string WriterDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Kiosk.Ledger.CrashWriter.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the crash writer is not beside the tests at {dll}; build tests/Kiosk.Ledger.Tests", dll);
    }

    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH is set by the SDK), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
