using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Data;
using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace Kiosk.Tools;

/// <summary>
/// <c>kiosk bench web</c>: the kiosk's vote confirmation (the "Confirm" post that re-checks the code and commits the
/// VoteCast, then the GET of the receipt it redirects to) with many kiosks confirming at once against a real gateway
/// on 127.0.0.1; the weight of <c>/kiosk</c>; and its time to first render in headless Chromium. A demo assembly in a
/// temporary folder, deleted afterwards. Figures are printed, never asserted.
/// </summary>
public static class WebBench
{
    public static Command Create()
    {
        var votes = new Option<int>("--votes") { Description = "Vote confirmations (each with its own code).", DefaultValueFactory = _ => 3_000 };
        var kiosks = new Option<int>("--kiosks") { Description = "Kiosks confirming at the same time.", DefaultValueFactory = _ => 50 };
        var boards = new Option<int>("--boards") { Description = "Board pages open meanwhile, each refreshing its live regions on every change it is told of (as the page's script does).", DefaultValueFactory = _ => 0 };
        var paints = new Option<int>("--paint-loads") { Description = "Loads of /kiosk in headless Chromium for its first contentful paint (0: none).", DefaultValueFactory = _ => 20 };
        var chromium = new Option<string>("--chromium") { Description = "The Chromium to measure the first paint with.", DefaultValueFactory = _ => FirstPaint.DefaultChromium };
        var command = new Command("web", "Latency of the kiosk's vote confirmation with many kiosks at once (and board pages open); weight and first paint of /kiosk.") { votes, kiosks, boards, paints, chromium };
        command.SetAction(async context =>
        {
            var count = context.Get(votes);
            var concurrency = context.Get(kiosks);
            var loads = context.Get(paints);
            var browser = context.Get(chromium)!;
            if (count < 1 || concurrency < 1 || context.Get(boards) < 0) throw new UserErrorException("--votes and --kiosks must be positive, --boards at least 0");
            if (loads < 0) throw new UserErrorException("--paint-loads must be 0 or more");
            if (loads > 0 && !File.Exists(browser)) throw new UserErrorException($"no Chromium at {browser}: install it (apt-get install chromium), name it with --chromium, or pass --paint-loads 0");
            var folder = Path.Combine(Path.GetTempPath(), "kiosk-bench-web-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                var report = await RunAsync(folder, count, concurrency, context.Get(boards), loads, browser, context.Cancellation);
                if (context.Json) await context.WriteJsonAsync(report);
                else
                {
                    await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{report.Votes} vote confirmations from {report.Kiosks} kiosks with {report.Boards} board pages open ({report.BoardRefreshes} board refreshes) on {report.Cores} cores: {report.PerSecond:N0}/s, p50 {report.P50Ms:F1} ms, p99 {report.P99Ms:F1} ms, max {report.MaxMs:F1} ms"));
                    await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"/kiosk page weight: {report.PageBytes} bytes HTML + {report.CssBytes} CSS + {report.ScriptBytes} script = {report.TotalBytes / 1024.0:F1} KB"));
                    if (report.Paint is { } paint)
                        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"/kiosk first contentful paint over {paint.Loads} loads: median {paint.PaintMedianMs:F0} ms, max {paint.PaintMaxMs:F0} ms; load event median {paint.LoadMedianMs:F0} ms"));
                }
                return 0;
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    /// <summary>What the run measured.</summary>
    public sealed record WebBenchReport(int Cores, int Kiosks, int Boards, long BoardRefreshes, int Votes, double Seconds, double PerSecond, double P50Ms, double P99Ms, double MaxMs, int PageBytes, int CssBytes, int ScriptBytes, FirstPaint.Report? Paint)
    {
        public int TotalBytes => PageBytes + CssBytes + ScriptBytes;
    }

    private static async Task<WebBenchReport> RunAsync(string folder, int count, int concurrency, int boardCount, int paintLoads, string chromium, CancellationToken cancellationToken)
    {
        var data = new DataFolder(new DirectoryInfo(folder));
        var codes = new ConcurrentQueue<string>(await DemoAssembly.CreateAsync(data, 0, cancellationToken, argonMemoryKiB: 8 * 1024));
        await using var host = await GatewayHost.StartAsync(new GatewayOptions { DataPath = folder, GatewayKeyName = DemoAssembly.GatewayKey }, cancellationToken);
        // Codes for this ballot only, so the kiosk goes straight from code to ballot as a one-ballot session would.
        var fresh = await IssueAsync(host, count, cancellationToken);
        foreach (var code in fresh) codes.Enqueue(code);

        // Redirects are followed by hand: a kiosk step is a post answered with 303 to the visit's page.
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = host.ResidentUri };
        var page = (await http.GetByteArrayAsync("kiosk", cancellationToken)).Length;
        var css = (await http.GetByteArrayAsync("assets/site.css", cancellationToken)).Length;
        var script = (await http.GetByteArrayAsync("assets/app.js", cancellationToken)).Length;
        var paint = paintLoads > 0 ? await FirstPaint.MeasureAsync(chromium, new Uri(host.ResidentUri, "kiosk"), paintLoads, cancellationToken) : null;
        for (var i = 0; i < Math.Min(50, count); i++) await ConfirmAsync(http, await ReviewAsync(http, codes, cancellationToken), cancellationToken); // warm-up
        using var boardsStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var boardRefreshes = 0L;
        var boardTasks = await BoardPages.OpenAsync(host.ResidentUri, boardCount, () => Interlocked.Increment(ref boardRefreshes), boardsStop.Token);

        var latencies = new ConcurrentBag<double>();
        var total = Stopwatch.StartNew();
        var remaining = count;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var visit = await ReviewAsync(http, codes, cancellationToken);
                var started = Stopwatch.GetTimestamp();
                await ConfirmAsync(http, visit, cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }, cancellationToken)));
        total.Stop();
        await boardsStop.CancelAsync();
        await boardTasks;
        var sorted = latencies.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        return new WebBenchReport(Environment.ProcessorCount, concurrency, boardCount, Interlocked.Read(ref boardRefreshes), count, total.Elapsed.TotalSeconds, count / total.Elapsed.TotalSeconds, At(0.50), At(0.99), sorted[^1], page, css, script, paint);
    }

    private static Task<IReadOnlyList<string>> IssueAsync(GatewayHost host, int count, CancellationToken cancellationToken) =>
        IssueAsync(host.Context.Ledger, host.Context.Data, count, cancellationToken);

    /// <summary>Issues <paramref name="count"/> + 50 codes for the demo's "motion-quiet-hours" (50 for the warm-up) on <paramref name="ledger"/>.</summary>
    internal static async Task<IReadOnlyList<string>> IssueAsync(Kiosk.Ledger.Ledger ledger, DataFolder data, int count, CancellationToken cancellationToken)
    {
        using var ana = data.ReadKey(DemoAssembly.FacilitatorKey);
        var codes = Enumerable.Range(0, count + 50).Select(_ => Voting.Ballots.VoterCode.Generate()).ToList();
        foreach (var body in Voting.Ballots.CodeIssuance.Bodies(["motion-quiet-hours"], codes.Select(c => Voting.Ballots.VoterCode.Normalize(c, out _)!).ToList()))
            await ledger.AppendOrFailAsync(ana, Voting.Ballots.VotingKinds.VoterCodesIssued, body, cancellationToken);
        return codes;
    }

    /// <summary>A visit brought to its review screen (code typed, "yes" picked): what a resident does before "Confirm". Not timed.</summary>
    internal static async Task<string> ReviewAsync(HttpClient http, ConcurrentQueue<string> codes, CancellationToken cancellationToken)
    {
        if (!codes.TryDequeue(out var code)) throw new InvalidOperationException("out of codes");
        var visit = await PostAsync(http, "kiosk", [new("screen", "code"), new("lang", "en"), new("size", "m"), new("code", code), new("do", "check")], cancellationToken);
        await PostAsync(http, visit, [new("screen", "vote"), new("do", "pick:yes")], cancellationToken);
        return visit;
    }

    /// <summary>"Confirm", then the receipt the kiosk is sent to: what the resident waits for.</summary>
    internal static async Task ConfirmAsync(HttpClient http, string visit, CancellationToken cancellationToken)
    {
        var receipt = await PostAsync(http, visit, [new("screen", "review"), new("do", "confirm")], cancellationToken);
        using var response = await http.GetAsync(receipt, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || !html.Contains("id=\"tracker\"", StringComparison.Ordinal))
            throw new InvalidOperationException($"a vote confirmation was not recorded (HTTP {(int)response.StatusCode})");
    }

    /// <summary>Posts a kiosk form; returns where its 303 leads.</summary>
    private static async Task<string> PostAsync(HttpClient http, string path, KeyValuePair<string, string>[] fields, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(fields);
        using var response = await http.PostAsync(path, form, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.SeeOther || response.Headers.Location is not { } location)
            throw new InvalidOperationException($"a kiosk step was not answered with a redirect (HTTP {(int)response.StatusCode})");
        return location.OriginalString;
    }
}
