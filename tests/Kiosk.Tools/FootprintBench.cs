using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;

namespace Kiosk.Tools;

/// <summary>
/// <c>kiosk bench footprint --published DIR</c>: the memory and start-up costs of a published gateway (issue 14's
/// "Footprint" table) in one command. A throw-away one-gateway demo assembly; the published <c>kiosk run</c> on it
/// (kiosk, console and device broker on free 127.0.0.1 ports, no peers, no GPIO); its resident set once idle after
/// <c>/health/live</c> first answers and a settle time; its peak while 50 kiosks confirm votes at once (the web
/// benchmark's load); the wall time of the published <c>kiosk status</c> on the folder (median of 5); the published
/// size. Figures are printed, never asserted.
/// </summary>
public static class FootprintBench
{
    public static Command Create()
    {
        var published = new Option<string>("--published") { Description = "The folder of a published gateway (dotnet publish gateway/Kiosk.Gateway -c Release -r linux-x64 -o DIR).", Required = true };
        var settle = new Option<int>("--settle") { Description = "Seconds to wait after /health/live first answers before the idle figures are read.", DefaultValueFactory = _ => 10 };
        var votes = new Option<int>("--votes") { Description = "Vote confirmations in the load.", DefaultValueFactory = _ => 1_000 };
        var kiosks = new Option<int>("--kiosks") { Description = "Kiosks confirming at the same time.", DefaultValueFactory = _ => 50 };
        var statusRuns = new Option<int>("--status-runs") { Description = "Runs of `kiosk status` timed (the median is reported).", DefaultValueFactory = _ => 5 };
        var environment = new Option<string[]>("--env")
        {
            Description = "NAME=VALUE for the gateway's environment (repeatable). Default: the DOTNET_ settings of packaging/kiosk.service (none: the runtime's defaults), so the figures are the service's; --env none for the runtime's defaults.",
            DefaultValueFactory = _ => ServiceEnvironment,
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("footprint", "A published gateway's idle and peak memory, `kiosk status` wall time and published size.") { published, settle, votes, kiosks, statusRuns, environment };
        command.SetAction(async context =>
        {
            var folder = Path.GetFullPath(context.Get(published)!);
            var program = Path.Combine(folder, "kiosk");
            if (!File.Exists(program)) throw new UserErrorException($"no published kiosk program at {program}: publish it with `dotnet publish gateway/Kiosk.Gateway/Kiosk.Gateway.csproj -c Release -r linux-x64 -o {folder}`");
            var settings = new Settings(program, context.Get(settle), context.Get(votes), context.Get(kiosks), context.Get(statusRuns), ParseEnvironment(context.Get(environment) ?? []));
            if (settings.SettleSeconds < 0 || settings.Votes < 1 || settings.Kiosks < 1 || settings.StatusRuns < 1)
                throw new UserErrorException("--settle must be 0 or more; --votes, --kiosks and --status-runs must be positive");
            var data = Path.Combine(Path.GetTempPath(), "kiosk-bench-footprint-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                var report = await RunAsync(data, folder, settings, context.Cancellation);
                if (context.Json) await context.WriteJsonAsync(report);
                else await PrintAsync(context.Output, report);
                return 0;
            }
            finally
            {
                if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
            }
        });
        return command;
    }

    /// <summary>
    /// The runtime settings packaging/kiosk.service gives the service (kept in step with it by hand): none since the
    /// package is Native AOT, whose runtime defaults gave the lowest peak (docs/benchmarks.md).
    /// </summary>
    private static readonly string[] ServiceEnvironment = [];

    private sealed record Settings(string Program, int SettleSeconds, int Votes, int Kiosks, int StatusRuns, IReadOnlyList<KeyValuePair<string, string>> Environment);

    private static List<KeyValuePair<string, string>> ParseEnvironment(string[] pairs)
    {
        var parsed = new List<KeyValuePair<string, string>>();
        foreach (var pair in pairs)
        {
            if (pair == "none") continue;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1) throw new UserErrorException($"--env takes NAME=VALUE, such as DOTNET_gcServer=0; '{pair}' is not one");
            parsed.Add(new(pair[..equals], pair[(equals + 1)..]));
        }
        return parsed;
    }

    /// <summary>The memory figures of <c>/proc/PID/status</c>, in bytes (threads: a count).</summary>
    public sealed record Memory(long VmRss, long RssAnon, long RssFile, long RssShmem, long Threads);

    /// <summary>Everything measured, as printed by <c>--json</c>.</summary>
    public sealed record Report(
        int Cores, string LoadAverage, string Published, long PublishedBytes, IReadOnlyList<string> Environment, int SettleSeconds, Memory Idle,
        int Kiosks, int Votes, double LoadSeconds, long PeakVmHwm, long PeakRssSampled, long PeakRssAnonSampled, Memory AfterLoad,
        double StatusMedianSeconds, double StatusMinSeconds, double StatusMaxSeconds);

    private static async Task<Report> RunAsync(string data, string published, Settings settings, CancellationToken cancellationToken)
    {
        var folder = new DataFolder(new DirectoryInfo(data));
        await DemoAssembly.CreateAsync(folder, 0, cancellationToken, argonMemoryKiB: 8 * 1024, gateways: 1);
        IReadOnlyList<string> issued;
        // Codes are issued before the gateway starts: one writer per data folder.
        await using (var ledger = folder.OpenLedger())
            issued = await WebBench.IssueAsync(ledger, folder, settings.Votes, cancellationToken);
        var codes = new ConcurrentQueue<string>(issued);

        await using var gateway = await BenchGateway.StartProgramAsync("footprint", data, settings.Program,
            ["run", "--data", data, "--gateway", DemoAssembly.GatewayKey, "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "0", "--peer-port", "-1", "--gpio", "none"],
            settings.Environment);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Kiosks, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = gateway.Kiosk };
        await WaitLiveAsync(http, new Uri(gateway.Console, "health/live"), cancellationToken);
        if (settings.SettleSeconds > 0)
        {
            using var settle = new PeriodicTimer(TimeSpan.FromSeconds(settings.SettleSeconds));
            await settle.WaitForNextTickAsync(cancellationToken);
        }
        var idle = Read(gateway);

        // The web benchmark's load: a warm-up, then every kiosk reviews and confirms votes until the codes run out.
        var peakRss = 0L;
        var peakAnon = 0L;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            try
            {
                do
                {
                    Interlocked.Exchange(ref peakRss, Math.Max(Interlocked.Read(ref peakRss), gateway.ProcStatus("VmRSS")));
                    Interlocked.Exchange(ref peakAnon, Math.Max(Interlocked.Read(ref peakAnon), gateway.ProcStatus("RssAnon")));
                }
                while (await tick.WaitForNextTickAsync(sampling.Token));
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        var load = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++) await WebBench.ConfirmAsync(http, await WebBench.ReviewAsync(http, codes, cancellationToken), cancellationToken);
        var remaining = settings.Votes;
        await Task.WhenAll(Enumerable.Range(0, settings.Kiosks).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
                await WebBench.ConfirmAsync(http, await WebBench.ReviewAsync(http, codes, cancellationToken), cancellationToken);
        }, cancellationToken)));
        load.Stop();
        await sampling.CancelAsync();
        await sampler;
        var hwm = gateway.ProcStatus("VmHWM");
        var after = Read(gateway);

        // `kiosk status` on the folder the gateway serves, as an operator runs it beside a running service.
        var times = new List<double>();
        for (var i = 0; i < settings.StatusRuns; i++) times.Add(await TimeStatusAsync(settings.Program, data, cancellationToken));
        times.Sort();

        return new Report(Environment.ProcessorCount, LoadAverage(), published, PublishedBytes(published), [.. settings.Environment.Select(e => $"{e.Key}={e.Value}")], settings.SettleSeconds, idle,
            settings.Kiosks, settings.Votes, load.Elapsed.TotalSeconds, hwm, Interlocked.Read(ref peakRss), Interlocked.Read(ref peakAnon), after,
            times[times.Count / 2], times[0], times[^1]);
    }

    private static Memory Read(BenchGateway gateway) => new(
        gateway.ProcStatus("VmRSS"), gateway.ProcStatus("RssAnon"), gateway.ProcStatus("RssFile"), gateway.ProcStatus("RssShmem"), gateway.ProcStatus("Threads"));

    /// <summary>Polls <c>/health/live</c> until it answers 200, with a deadline.</summary>
    private static async Task WaitLiveAsync(HttpClient http, Uri live, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(live, cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(1)) throw new InvalidOperationException($"{live} did not answer within a minute");
            await tick.WaitForNextTickAsync(cancellationToken);
        }
    }

    /// <summary>The wall time of one <c>kiosk status --data DATA</c>, from start to exit; a failure is an error.</summary>
    private static async Task<double> TimeStatusAsync(string program, string data, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["status", "--data", data]) info.ArgumentList.Add(a);
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"kiosk status exited {process.ExitCode}: {await output}{await errors}");
        return seconds;
    }

    private static long PublishedBytes(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string MiB(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

    private static async Task PrintAsync(TextWriter output, Report r)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Gateway footprint: {r.Cores} cores, load average {r.LoadAverage}, published {r.Published} ({MiB(r.PublishedBytes)})"));
        await output.WriteLineAsync($"gateway environment: {(r.Environment.Count == 0 ? "the runtime's defaults" : string.Join(' ', r.Environment))}");
        await output.WriteLineAsync($"idle ({r.SettleSeconds} s after /health/live): VmRSS {MiB(r.Idle.VmRss)} = RssAnon {MiB(r.Idle.RssAnon)} + RssFile {MiB(r.Idle.RssFile)} + RssShmem {MiB(r.Idle.RssShmem)}, {r.Idle.Threads} threads");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{r.Votes} votes from {r.Kiosks} kiosks in {r.LoadSeconds:F1} s: peak VmHWM {MiB(r.PeakVmHwm)} (sampled VmRSS {MiB(r.PeakRssSampled)}, RssAnon {MiB(r.PeakRssAnonSampled)}); after: VmRSS {MiB(r.AfterLoad.VmRss)}, RssAnon {MiB(r.AfterLoad.RssAnon)}, {r.AfterLoad.Threads} threads"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"kiosk status: median {r.StatusMedianSeconds:F3} s (min {r.StatusMinSeconds:F3}, max {r.StatusMaxSeconds:F3})"));
    }
}
