using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Kiosk.Gateway.Host;

namespace Kiosk.Tools;

/// <summary>
/// A real <c>kiosk run</c> process for a benchmark (the product's program, kiosk.dll, built beside this one) on its own
/// data folder: kiosk and console on free 127.0.0.1 ports, no device broker, no discovery (the benchmark makes its own
/// links), the peer listener on the port given. Its output is kept for failures; it is killed on dispose.
/// </summary>
internal sealed partial class BenchGateway : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _kiosk = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BenchGateway(string name, string data, string keyName, int peerPort)
    {
        Name = name;
        Data = data;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "kiosk.dll"), "run", "--gateway", keyName, "--data", data, "--kiosk-port", "0", "--console-port", "0",
                     "--mqtt-port", "-1", "--gpio", "none", "--no-discovery", "--peer-port", peerPort.ToString(CultureInfo.InvariantCulture), "--peer-redial", "2"])
            info.ArgumentList.Add(a);
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => _kiosk.TrySetException(new InvalidOperationException($"{Name} exited early:\n{Output}"));
        _process.Start();
        _process.StandardInput.Close(); // never the terminal of whoever runs the benchmark
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public string Data { get; }
    public Uri Kiosk { get; private set; } = null!;
    public string LedgerPath => Path.Combine(Data, "ledger.db");

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the process and waits until it serves its kiosk.</summary>
    public static async Task<BenchGateway> StartAsync(string name, string data, string keyName, int peerPort)
    {
        var gateway = new BenchGateway(name, data, keyName, peerPort);
        try
        {
            gateway.Kiosk = await gateway._kiosk.Task.WaitAsync(TimeSpan.FromMinutes(2));
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
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

    /// <summary>What the process last wrote to mesh/status.json.</summary>
    public MeshStatusFile? Status => MeshStatusFile.Read(Path.Combine(Data, "mesh", "status.json"));

    /// <summary>The process's resident set now (bytes; 0 once it is gone).</summary>
    public long Rss()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
        }
        return 0;
    }

    /// <summary>
    /// Casts a vote at the kiosk as a touch screen does (Post/Redirect/Get): the code, the option, "Confirm", then the
    /// receipt. Throws when any step is answered otherwise.
    /// </summary>
    public async Task VoteAsync(HttpClient http, string code, string option)
    {
        async Task<string> Post(string path, KeyValuePair<string, string>[] fields)
        {
            using var content = new FormUrlEncodedContent(fields);
            using var response = await http.PostAsync(new Uri(Kiosk, path), content);
            if (response.StatusCode != HttpStatusCode.SeeOther || response.Headers.Location is null)
                throw new InvalidOperationException($"the kiosk of {Name} answered HTTP {(int)response.StatusCode} to a vote step");
            return response.Headers.Location.OriginalString;
        }
        var visit = await Post("/kiosk", [new("screen", "code"), new("lang", "en"), new("size", "m"), new("code", code), new("do", "check")]);
        await Post(visit, [new("screen", "vote"), new("do", "pick:" + option)]);
        var receipt = await Post(visit, [new("screen", "review"), new("do", "confirm")]);
        var page = await http.GetStringAsync(new Uri(Kiosk, receipt));
        if (!page.Contains("id=\"tracker\"", StringComparison.Ordinal)) throw new InvalidOperationException($"no receipt for a vote at {Name}");
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
