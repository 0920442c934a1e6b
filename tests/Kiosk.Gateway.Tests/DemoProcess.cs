using System.Diagnostics;
using System.Text;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// The developer's <c>./kiosk</c> program (kiosk-tools.dll, built next to the tests) run as a real process: output
/// captured, standard input closed (it must never touch the terminal of whoever runs the tests), Ctrl+C sent as
/// SIGINT, killed on dispose if it is still running.
/// </summary>
public sealed class DemoProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DemoProcess(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kiosk-tools.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_gcServer"] = "0";
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    // Every line, and the end of each stream (a null line), wakes whoever waits for the output.
    private void Append(string? line)
    {
        TaskCompletionSource changed;
        lock (_output)
        {
            if (line is not null) _output.AppendLine(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    /// <summary>Waits until the output contains <paramref name="text"/>, woken by each line printed; fails early if the process ends, or at the deadline.</summary>
    public async Task WaitForAsync(string text, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (true)
        {
            Task changed;
            lock (_output)
            {
                if (_output.ToString().Contains(text, StringComparison.Ordinal)) return;
                changed = _changed.Task;
            }
            Assert.False(_process.HasExited, $"the demo ended (exit {(_process.HasExited ? _process.ExitCode : 0)}) before printing \"{text}\":\n{Output}");
            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the demo did not print \"{text}\" within {deadline.TotalSeconds:0} s:\n{Output}");
            }
        }
    }

    /// <summary>Sends Ctrl+C (SIGINT) and waits for the exit code.</summary>
    public async Task<int> InterruptAsync(TimeSpan deadline)
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
