using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Kiosk.Gateway.Host;

namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// A real <c>kiosk run</c> process (the program built next to the tests) on its own data folder: kiosk and console on
/// free ports, no device listener, the peer listener on the port given. Output captured; killed on dispose.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _kiosk = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(string name, string data, string keyName, int peerPort, GatewayLaunch launch)
    {
        Name = name;
        Data = data;
        PeerPort = peerPort;
        // Standard input redirected too: a gateway must never touch the terminal of whoever runs the tests.
        var command = launch.Wrapper.Append("dotnet").ToList();
        var info = new ProcessStartInfo(command[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1)) info.ArgumentList.Add(a);
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "kiosk.dll"), "run", "--gateway", keyName, "--data", data,
                     "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "-1", "--gpio", "none", "--peer-port", peerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--peer-redial", "2", .. launch.Arguments, .. launch.Discovery ? Array.Empty<string>() : ["--no-discovery"]])
            info.ArgumentList.Add(a);
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_TieredPGO"] = "0"; // less JIT work per process on a small machine
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => _kiosk.TrySetException(new InvalidOperationException($"{Name} exited early:\n{Output}"));
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public string Data { get; }
    public int PeerPort { get; }
    public Uri Kiosk { get; private set; } = null!;
    public int Pid => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the process and waits until it serves its kiosk.</summary>
    public static async Task<GatewayProcess> StartAsync(string name, string data, string keyName, int peerPort, GatewayLaunch? launch = null)
    {
        var process = new GatewayProcess(name, data, keyName, peerPort, launch ?? GatewayLaunch.Plain);
        try
        {
            process.Kiosk = await process._kiosk.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        var match = KioskLine().Match(line);
        if (match.Success) _kiosk.TrySetResult(new Uri(match.Groups[1].Value));
    }

    /// <summary>What the process last wrote to mesh/status.json (null before its first write).</summary>
    public MeshStatusFile? Status => MeshStatusFile.Read(Path.Combine(Data, "mesh", "status.json"));

    /// <summary>Ends the process at once (like a power cut).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"^\s*kiosk:\s+(http://\S+)/kiosk")]
    private static partial Regex KioskLine();
}
