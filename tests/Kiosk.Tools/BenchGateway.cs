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
/// links), the peer listener on the port given; or a published gateway program started with the arguments given
/// (<see cref="StartProgramAsync"/>). Its output is kept for failures; it is killed on dispose.
/// </summary>
internal sealed partial class BenchGateway : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _kiosk = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Uri> _console = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BenchGateway(string name, string data, string fileName, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        Name = name;
        Data = data;
        var info = new ProcessStartInfo(fileName) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? []) info.Environment[key] = value;
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) =>
        {
            _kiosk.TrySetException(new InvalidOperationException($"{Name} exited early:\n{Output}"));
            _console.TrySetException(new InvalidOperationException($"{Name} exited early:\n{Output}"));
        };
        _process.Start();
        _process.StandardInput.Close(); // never the terminal of whoever runs the benchmark
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public string Data { get; }
    public Uri Kiosk { get; private set; } = null!;

    /// <summary>The console's address (where <c>/health/live</c> and <c>/metrics</c> answer).</summary>
    public Uri Console { get; private set; } = null!;

    /// <summary>The process id, for /proc.</summary>
    public int Id => _process.Id;
    public string LedgerPath => Path.Combine(Data, "ledger.db");

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the process and waits until it serves its kiosk.</summary>
    public static Task<BenchGateway> StartAsync(string name, string data, string keyName, int peerPort) =>
        StartAsync(new BenchGateway(name, data, "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "kiosk.dll"), "run", "--gateway", keyName, "--data", data, "--kiosk-port", "0", "--console-port", "0",
             "--mqtt-port", "-1", "--gpio", "none", "--no-discovery", "--peer-port", peerPort.ToString(CultureInfo.InvariantCulture), "--peer-redial", "2"]));

    /// <summary>
    /// Starts <paramref name="program"/> (a published <c>kiosk</c>) with <paramref name="arguments"/> and the variables
    /// <paramref name="environment"/> added to this process's, and waits until it serves its kiosk and console.
    /// </summary>
    public static Task<BenchGateway> StartProgramAsync(string name, string data, string program, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>> environment) =>
        StartAsync(new BenchGateway(name, data, program, arguments, environment));

    private static async Task<BenchGateway> StartAsync(BenchGateway gateway)
    {
        try
        {
            gateway.Kiosk = await gateway._kiosk.Task.WaitAsync(TimeSpan.FromMinutes(2));
            gateway.Console = await gateway._console.Task.WaitAsync(TimeSpan.FromMinutes(2));
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
        var console = ConsoleLine().Match(line);
        if (console.Success) _console.TrySetResult(new Uri(console.Groups[1].Value));
    }

    /// <summary>What the process last wrote to mesh/status.json.</summary>
    public MeshStatusFile? Status => MeshStatusFile.Read(Path.Combine(Data, "mesh", "status.json"));

    /// <summary>The process's resident set now (bytes; 0 once it is gone).</summary>
    public long Rss() => ProcStatus("VmRSS");

    /// <summary>
    /// A line of <c>/proc/PID/status</c>: the figure in bytes for a "kB" field (VmRSS, VmHWM, RssAnon, RssFile, RssShmem),
    /// the plain number otherwise (Threads); 0 once the process is gone.
    /// </summary>
    public long ProcStatus(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
                var parts = line[(field.Length + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var value = long.Parse(parts[0], CultureInfo.InvariantCulture);
                return parts.Length > 1 && parts[1] == "kB" ? value * 1024 : value;
            }
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

    [GeneratedRegex(@"^\s*console:\s+(https?://\S+/)console")]
    private static partial Regex ConsoleLine();
}
