using System.Diagnostics;
using System.Globalization;

namespace Kiosk.Voting.Tests.Crash;

/// <summary>
/// The crash voter (tests/Kiosk.Voting.CrashVoter) running as a child process. Its receipts are read line by line from
/// stdout; <see cref="Kill"/> sends SIGKILL. Disposing kills it if it still runs.
/// </summary>
public sealed class CrashVoterProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _stderr = new();

    private CrashVoterProcess(Process process) => _process = process;

    /// <summary>Starts the voter on <paramref name="folder"/>, voting with <paramref name="count"/> codes from index <paramref name="from"/> on.</summary>
    public static CrashVoterProcess Start(string folder, int from, int count)
    {
        var info = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", VoterDll(), folder, from.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(arg);
        var process = new Process { StartInfo = info };
        var voter = new CrashVoterProcess(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (voter._stderr) voter._stderr.WriteLine(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        return voter;
    }

    /// <summary>The next receipt (code index and tracker), or null when the voter's stdout ended.</summary>
    public async Task<(int Index, string Tracker)?> ReadReceiptAsync(CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Split(' ') is ["receipt", var index, var tracker]) return (int.Parse(index, CultureInfo.InvariantCulture), tracker);
        }
        return null;
    }

    /// <summary>What the voter printed on stderr so far.</summary>
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Waits for the voter to end, then says how (exit code and everything it wrote on stderr).</summary>
    public string ExitAndStderr()
    {
        _process.WaitForExit();
        return $"exit {_process.ExitCode}: {Stderr}";
    }

    /// <summary>Kills the voter at once (SIGKILL) and waits until it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            return; // never started
        }
        _process.WaitForExit();
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

    private static string VoterDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Kiosk.Voting.CrashVoter.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the crash voter is not beside the tests at {dll}; build tests/Kiosk.Voting.Tests", dll);
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
