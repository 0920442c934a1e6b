using System.Diagnostics;
using System.Text;
using Kiosk.Gateway.Host;

namespace Kiosk.Hub.Tests.Support;

/// <summary>A real <c>kiosk hub run</c> process on a hub's data folder; output captured, killed on dispose.</summary>
public sealed class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubProcess(string data)
    {
        Data = data;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "kiosk.dll"), "hub", "run", "--data", data, "--http-port", "0"]) info.ArgumentList.Add(a);
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_TieredPGO"] = "0";
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => _serving.TrySetException(new InvalidOperationException($"the hub exited early:\n{Output}"));
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Data { get; }

    /// <summary>Where /health and /metrics are served.</summary>
    public Uri? Web { get; private set; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the hub and waits until it says it serves.</summary>
    public static async Task<HubProcess> StartAsync(string data)
    {
        var hub = new HubProcess(data);
        try
        {
            await hub._serving.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the hub last wrote of <paramref name="assembly"/> (null before its first write).</summary>
    public MeshStatusFile? Status(string assembly) => MeshStatusFile.Read(Path.Combine(Data, "mesh", $"status-{assembly}.json"));

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        const string web = "Hub health and metrics: ";
        if (line.StartsWith(web, StringComparison.Ordinal)) Web = new Uri(line[web.Length..].Split(' ')[0].TrimEnd(',').Replace("/health", "/", StringComparison.Ordinal));
        if (line.StartsWith("Hub ", StringComparison.Ordinal) && line.Contains(" serving ", StringComparison.Ordinal)) _serving.TrySetResult();
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
}
