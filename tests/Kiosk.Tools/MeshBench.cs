using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;
using Spectre.Console;

namespace Kiosk.Tools;

/// <summary>
/// <c>kiosk bench mesh</c>: five real <c>kiosk run</c> processes replicating over TLS on 127.0.0.1, every link through a
/// relay that counts its bytes at the socket. For a line and for a star: residents vote at every gateway's kiosk at
/// once (a secret ballot of batch size 1, so each vote is two events: the vote in the gateway's ballot box and its
/// receipt), and the benchmark times how long after the last vote every gateway holds every event; on the line it
/// also times single votes from G1's commit to G5's. Then a gateway catches up 50,000 events it lacks from a peer:
/// events/s, bytes sent against the events' own bytes, and the memory of both processes. Figures are printed, never
/// asserted (docs/benchmarks.md).
/// </summary>
public static class MeshBench
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Events written at each of the five gateways (two per vote).", DefaultValueFactory = _ => 2_000 };
        var voters = new Option<int>("--voters") { Description = "Residents voting at the same time at each gateway's kiosk (votes that meet may share a batch and its receipt event: fewer than two events per vote).", DefaultValueFactory = _ => 8 };
        var latency = new Option<int>("--latency-samples") { Description = "Single votes at G1 timed to their commit at G5 (line).", DefaultValueFactory = _ => 200 };
        var catchUp = new Option<int>("--catch-up") { Description = "Events a returning gateway lacks and catches up.", DefaultValueFactory = _ => 50_000 };
        var only = new Option<string>("--only") { Description = "Run one part: line, star or catch-up (default: all).", DefaultValueFactory = _ => "all" };
        var command = new Command("mesh", "Five gateway processes: convergence on a line and a star, live latency G1→G5, catch-up rate, bytes on the wire, memory.")
            { events, voters, latency, catchUp, only };
        command.SetAction(async context =>
        {
            var settings = new MeshBenchSettings(Positive(context.Get(events), "--events") / 2 * 2, Positive(context.Get(voters), "--voters"),
                Positive(context.Get(latency), "--latency-samples"), Positive(context.Get(catchUp), "--catch-up"), context.Get(only) ?? "all");
            if (settings.Only is not ("all" or "line" or "star" or "catch-up")) throw new UserErrorException($"--only is line, star or catch-up, not '{settings.Only}'");
            var parent = context.Data.Root.Exists ? context.Data.Root.FullName : Path.GetTempPath();
            var folder = Path.Combine(parent, "bench-mesh-" + Guid.NewGuid().ToString("n")[..12]);
            try
            {
                var log = context.Json ? TextWriter.Null : context.Output;
                var report = await new MeshBenchRun(folder, settings, log).RunAsync(context.Cancellation);
                if (context.Json) await context.WriteJsonAsync(report);
                else Print(context.Console, report);
                return 0;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    private static int Positive(int value, string name) => value > 0 ? value : throw new UserErrorException($"{name} must be a positive number, not {value}");

    private static void Print(IAnsiConsole console, MeshBenchReport report)
    {
        console.MarkupLine($"[bold]Mesh benchmark[/]  {report.Cores} cores, 5 gateway processes on 127.0.0.1, load average {report.LoadAverage}");
        var table = new Table().AddColumns("topology", "events", "votes/s written", "converged after last write", "bytes/event/link (socket)", "event bytes", "ratio", "p50 ms G1→G5", "p99 ms G1→G5", "max RSS MiB");
        foreach (var t in report.Topologies)
        {
            table.AddRow(t.Topology, t.Events.ToString("N0", CultureInfo.InvariantCulture), t.VotesPerSecond.ToString("F0", CultureInfo.InvariantCulture),
                $"{t.ConvergedSeconds:F2} s", t.BytesPerEventPerLink.ToString("F0", CultureInfo.InvariantCulture), t.MeanEventBytes.ToString("F0", CultureInfo.InvariantCulture),
                (t.BytesPerEventPerLink / t.MeanEventBytes).ToString("F2", CultureInfo.InvariantCulture),
                t.LatencyP50Ms?.ToString("F1", CultureInfo.InvariantCulture) ?? "", t.LatencyP99Ms?.ToString("F1", CultureInfo.InvariantCulture) ?? "",
                (t.MaxRssBytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture));
        }
        if (report.Topologies.Count > 0) console.Write(table);
        if (report.CatchUp is { } c)
        {
            var catchUp = new Table().AddColumns("catch-up", "events", "seconds (first event → all)", "events/s", "seconds from start", "bytes sent (socket)", "events' bytes", "ratio", "bytes back", "max RSS MiB (catching up / sending)");
            catchUp.AddRow("G2 from G1", c.Events.ToString("N0", CultureInfo.InvariantCulture), c.Seconds.ToString("F2", CultureInfo.InvariantCulture), c.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                c.SecondsFromStart.ToString("F2", CultureInfo.InvariantCulture), c.BytesSent.ToString("N0", CultureInfo.InvariantCulture), c.EventBytes.ToString("N0", CultureInfo.InvariantCulture),
                ((double)c.BytesSent / c.EventBytes).ToString("F3", CultureInfo.InvariantCulture), c.BytesBack.ToString("N0", CultureInfo.InvariantCulture),
                $"{c.MaxRssReceiverBytes / 1048576.0:F0} / {c.MaxRssSenderBytes / 1048576.0:F0}");
            console.Write(catchUp);
        }
    }
}

/// <summary>What <c>kiosk bench mesh</c> runs.</summary>
internal sealed record MeshBenchSettings(int EventsPerGateway, int Voters, int LatencySamples, int CatchUp, string Only);

/// <summary>The figures of one topology.</summary>
public sealed record MeshTopologyReport(
    string Topology, int Events, double WriteSeconds, double VotesPerSecond, double ConvergedSeconds, long SocketBytes, int Links,
    double BytesPerEventPerLink, double MeanEventBytes, double? LatencyP50Ms, double? LatencyP99Ms, double? LatencyMaxMs, long MaxRssBytes);

/// <summary>The figures of the catch-up.</summary>
public sealed record MeshCatchUpReport(
    int Events, double Seconds, double SecondsFromStart, double EventsPerSecond, long BytesSent, long BytesBack, long EventBytes,
    long MaxRssReceiverBytes, long MaxRssSenderBytes);

/// <summary>Everything <c>kiosk bench mesh</c> measured.</summary>
public sealed record MeshBenchReport(int Cores, string LoadAverage, IReadOnlyList<MeshTopologyReport> Topologies, MeshCatchUpReport? CatchUp);

/// <summary>One run of the mesh benchmark in a temporary folder.</summary>
internal sealed class MeshBenchRun(string root, MeshBenchSettings settings, TextWriter log)
{
    private const int Gateways = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly string[] Options = ["a", "b", "c"];

    public async Task<MeshBenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var topologies = new List<MeshTopologyReport>();
        if (settings.Only is "all" or "line")
            topologies.Add(await TopologyAsync("line", [(1, 0), (2, 1), (3, 2), (4, 3)], latency: true, cancellationToken));
        if (settings.Only is "all" or "star")
            topologies.Add(await TopologyAsync("star", [(1, 0), (2, 0), (3, 0), (4, 0)], latency: false, cancellationToken));
        var catchUp = settings.Only is "all" or "catch-up" ? await CatchUpAsync(cancellationToken) : null;
        return new MeshBenchReport(Environment.ProcessorCount, LoadAverage(), topologies, catchUp);
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }

    private void Say(string line) => log.WriteLine($"  {DateTime.Now:HH:mm:ss} {line}");

    /// <summary>Founds an assembly with <paramref name="count"/> gateways and gives each a copy of its folder.</summary>
    private static async Task<string[]> FoundAsync(string folder, int count)
    {
        var origin = Path.Combine(folder, "origin");
        await Cli(origin, "init", "--name", "Mesh bench");
        await Cli(origin, "facilitator", "add", "--name", "Ana");
        for (var i = 0; i < count; i++) await Cli(origin, "gateway", "enrol", "--name", $"g{i + 1}");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var folders = Enumerable.Range(0, count).Select(i => Path.Combine(folder, $"g{i + 1}")).ToArray();
        foreach (var target in folders) Copy(origin, target);
        return folders;
    }

    private static async Task<string> Cli(string data, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await KioskCli.RunAsync([.. args, "--data", data], output, error);
        if (code != 0) throw new InvalidOperationException($"kiosk {string.Join(' ', args)} failed: {output}{error}");
        return output.ToString();
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task UntilAsync(Func<bool> condition, Func<string> what, TimeSpan interval, CancellationToken cancellationToken)
    {
        var until = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(interval);
        while (!condition())
        {
            if (until.Elapsed > Deadline) throw new TimeoutException($"not reached within {Deadline.TotalMinutes:F0} minutes: {what()}");
            await tick.WaitForNextTickAsync(cancellationToken);
        }
    }

    /// <summary>Samples each process's RSS every 100 ms until cancelled; the largest seen per process.</summary>
    private static async Task<long[]> SampleRssAsync(List<BenchGateway> gateways, CancellationToken cancellationToken)
    {
        var max = new long[gateways.Count];
        try
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            do
            {
                for (var i = 0; i < gateways.Count; i++) max[i] = Math.Max(max[i], gateways[i].Rss());
            }
            while (await tick.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
        return max;
    }

    private async Task<MeshTopologyReport> TopologyAsync(string name, (int From, int To)[] links, bool latency, CancellationToken cancellationToken)
    {
        Say($"{name}: founding the assembly and starting five gateways");
        var folder = Path.Combine(root, name);
        var data = await FoundAsync(folder, Gateways);
        var votesPerGateway = settings.EventsPerGateway; // codes enough for one event per vote (batches shared by concurrent votes)
        var codes = await BallotAsync(folder, data[0], Gateways * votesPerGateway + (latency ? settings.LatencySamples : 0));
        var ports = data.Select(_ => FreePort()).ToArray();
        var relays = new List<CountingRelay>();
        var gateways = new List<BenchGateway>();
        var probes = new List<LedgerProbe>();
        using var sampling = new CancellationTokenSource();
        try
        {
            foreach (var (from, to) in links)
            {
                var relay = new CountingRelay(ports[to]);
                relays.Add(relay);
                await Cli(data[from], "peer", "add", $"g{to + 1}", "--url", $"mqtts://127.0.0.1:{relay.Port}");
            }
            gateways.AddRange(await Task.WhenAll(data.Select((d, i) => BenchGateway.StartAsync($"g{i + 1}", d, $"gateway-g{i + 1}", ports[i]))));
            var rss = SampleRssAsync(gateways, sampling.Token);
            probes.AddRange(gateways.Select(g => new LedgerProbe(g.LedgerPath)));
            // Each gateway declares its ballot box once its start-up check with its peers is over (docs/mesh.md, "Rollback"):
            // until every box is declared, and every declaration is everywhere, the event counts still move.
            await UntilAsync(() => gateways.All(g => g.Status is { } s && s.Peers.All(p => p.Connected)) && gateways.Select((g, i) => BoxOf(g, probes[i])).All(b => b is not null)
                    && probes.Select(p => p.Events()).Distinct().Count() == 1,
                () => Describe(gateways, probes), TimeSpan.FromMilliseconds(100), cancellationToken);
            await UntilAsync(() => gateways.Select(g => g.Status?.StateHash).Distinct().Count() == 1, () => Describe(gateways, probes), TimeSpan.FromMilliseconds(100), cancellationToken);
            var baseline = probes[0].Events();
            foreach (var relay in relays) relay.Reset();

            // Every gateway's kiosk takes its votes at once; the mesh replicates meanwhile.
            Say($"{name}: votes at every kiosk until each gateway's ballot box holds {settings.EventsPerGateway:N0} new events, {settings.Voters} residents at a time at each");
            var lastWrite = 0L;
            var boxes = gateways.Select((g, i) => BoxOf(g, probes[i]) ?? throw new InvalidOperationException($"{g.Name} has not declared its ballot box")).ToArray();
            var writing = Stopwatch.StartNew();
            await Task.WhenAll(gateways.Select((g, i) =>
            {
                // Votes until the gateway's ballot box holds the events asked for: concurrent votes may share a batch
                // (and its receipt event), so the number of votes is not known in advance.
                var start = probes[i].Heads().GetValueOrDefault(boxes[i]);
                return VoteAsync(g, codes.Skip(i * votesPerGateway).Take(votesPerGateway).ToList(), settings.Voters,
                    () => probes[i].Heads().GetValueOrDefault(boxes[i]) - start >= settings.EventsPerGateway,
                    () => Interlocked.Exchange(ref lastWrite, Stopwatch.GetTimestamp()), cancellationToken);
            }));
            var writeSeconds = writing.Elapsed.TotalSeconds;
            // Each feed's author is one gateway (or its ballot box), which holds all of it once its votes are answered:
            // the longest head of each feed found anywhere is its final one, and their sum is what every gateway will hold.
            var expected = probes.SelectMany(p => p.Heads()).GroupBy(h => h.Key).Sum(g => g.Max(h => h.Value));
            await UntilAsync(() => probes.All(p => p.Events() >= expected), () => $"expected {expected} events (baseline {baseline}): " + Describe(gateways, probes), TimeSpan.FromMilliseconds(5), cancellationToken);
            var converged = Stopwatch.GetElapsedTime(Interlocked.Read(ref lastWrite)).TotalSeconds;
            var socketBytes = relays.Sum(r => r.ToTarget + r.FromTarget);
            var (count, bytes) = probes[0].Sizes(VotingKinds.VoteCast, VotingKinds.BallotReceipts);
            var mean = (double)bytes / count;
            var votes = probes[0].Sizes(VotingKinds.VoteCast).Count;
            Say($"{name}: every gateway holds all {expected - baseline:N0} events {converged:F2} s after the last vote; {socketBytes:N0} bytes through {relays.Count} links");
            var peers = gateways.SelectMany(g => g.Status!.Peers).ToList();
            Say($"{name}: the links' own counts: {peers.Sum(p => p.EventsSent):N0} events sent, {peers.Sum(p => p.EventsReceived):N0} received, {peers.Sum(p => p.Duplicates):N0} duplicates, " +
                $"{peers.Sum(p => p.BytesSent):N0} bytes of messages (payload and topic), {peers.Sum(p => p.LiveOverflows)} live-queue fall-backs");
            var since = DateTimeOffset.UtcNow;
            await UntilAsync(() => gateways.All(g => g.Status is { } s && s.Written > since) && gateways.Select(g => g.Status!.StateHash).Distinct().Count() == 1,
                () => "state hashes differ: " + Describe(gateways, probes), TimeSpan.FromMilliseconds(100), cancellationToken);

            double? p50 = null, p99 = null, max = null;
            if (latency)
            {
                var samples = await LatencyAsync(gateways[0], probes[0], probes[^1], codes.Skip(Gateways * votesPerGateway).ToList(), cancellationToken);
                Array.Sort(samples);
                p50 = samples[samples.Length / 2];
                p99 = samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(0.99 * samples.Length) - 1)];
                max = samples[^1];
                Say($"{name}: a vote committed at G1 is committed at G5 after p50 {p50:F1} ms, p99 {p99:F1} ms (max {max:F1} ms, {samples.Length} votes)");
            }
            await sampling.CancelAsync();
            var maxRss = (await rss).Max();
            var events = (int)(expected - baseline);
            return new MeshTopologyReport(name, events, writeSeconds, votes / writeSeconds, converged, socketBytes, relays.Count,
                (double)socketBytes / events / relays.Count, mean, p50, p99, max, maxRss);
        }
        finally
        {
            await sampling.CancelAsync();
            foreach (var probe in probes) probe.Dispose();
            foreach (var gateway in gateways) await gateway.DisposeAsync();
            foreach (var relay in relays) await relay.DisposeAsync();
        }
    }

    /// <summary>The ballot box <paramref name="gateway"/> declared, as its own ledger holds it; null before (or before its first status).</summary>
    private static string? BoxOf(BenchGateway gateway, LedgerProbe probe) =>
        gateway.Status is { } s && Kiosk.Ledger.Bytes32.TryParseHex(s.Node, out var key) ? probe.BoxOf(key) : null;

    private static string Describe(IEnumerable<BenchGateway> gateways, IEnumerable<LedgerProbe> probes) =>
        string.Join("; ", gateways.Zip(probes).Select(x => $"{x.First.Name}: {x.Second.Events()} events, {x.First.Status?.StateHash?[..12]}, " +
            string.Join(", ", x.First.Status?.Peers.Select(p => $"{p.Name} {(p.Connected ? "up" : "down")} {p.LastProblem}") ?? [])));

    /// <summary>Publishes and opens a secret plurality ballot of batch size 1 on <paramref name="data"/> and returns <paramref name="count"/> voter codes.</summary>
    private static async Task<IReadOnlyList<string>> BallotAsync(string folder, string data, int count)
    {
        var file = Path.Combine(folder, "bench.yaml");
        await File.WriteAllTextAsync(file, """
            id: bench
            title: {en: Benchmark}
            method: plurality
            batchSize: 1
            options:
              - {id: a, label: {en: A}}
              - {id: b, label: {en: B}}
              - {id: c, label: {en: C}}
            """);
        await Cli(data, "ballot", "create", file);
        var issued = await Cli(data, "codes", "issue", "--ballot", "bench", "--count", count.ToString(CultureInfo.InvariantCulture), "--print-codes");
        await Cli(data, "ballot", "open", "bench");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var codes = System.Text.RegularExpressions.Regex.Matches(issued, "\\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\\b").Select(m => m.Value).ToList();
        return codes.Count == count ? codes : throw new InvalidOperationException($"expected {count} codes, read {codes.Count}");
    }

    private static async Task VoteAsync(BenchGateway gateway, List<string> codes, int voters, Func<bool> enough, Action voted, CancellationToken cancellationToken)
    {
        var next = -1;
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = voters };
        using var http = new HttpClient(handler);
        await Task.WhenAll(Enumerable.Range(0, voters).Select(_ => Task.Run(async () =>
        {
            int i;
            while (!enough())
            {
                if ((i = Interlocked.Increment(ref next)) >= codes.Count) throw new InvalidOperationException($"{gateway.Name} ran out of voter codes");
                await gateway.VoteAsync(http, codes[i], Options[i % 3]);
                voted();
            }
        }, cancellationToken)));
    }

    /// <summary>
    /// Casts votes at G1 one at a time and, for each, times from the moment G1's ledger holds its two events to the
    /// moment G5's does: both ledger files are sampled on a 1 ms timer's ticks.
    /// </summary>
    private static async Task<double[]> LatencyAsync(BenchGateway first, LedgerProbe atFirst, LedgerProbe atLast, List<string> codes, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler);
        var samples = new double[codes.Count];
        for (var i = 0; i < codes.Count; i++)
        {
            var firstBefore = atFirst.Events();
            var lastBefore = atLast.Events();
            var watch = Task.Run(async () =>
            {
                long committedAtFirst = 0, committedAtLast = 0;
                var until = Stopwatch.StartNew();
                using var sample = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
                while ((committedAtFirst == 0 || committedAtLast == 0) && until.Elapsed < Deadline && await sample.WaitForNextTickAsync(cancellationToken))
                {
                    if (committedAtFirst == 0 && atFirst.Events() >= firstBefore + 2) committedAtFirst = Stopwatch.GetTimestamp();
                    if (committedAtLast == 0 && atLast.Events() >= lastBefore + 2) committedAtLast = Stopwatch.GetTimestamp();
                }
                return committedAtLast == 0 ? double.NaN : Stopwatch.GetElapsedTime(committedAtFirst, committedAtLast).TotalMilliseconds;
            }, cancellationToken);
            await first.VoteAsync(http, codes[i], Options[i % 3]);
            samples[i] = await watch;
            if (double.IsNaN(samples[i])) throw new TimeoutException("a vote at G1 never reached G5");
        }
        return samples;
    }

    private async Task<MeshCatchUpReport> CatchUpAsync(CancellationToken cancellationToken)
    {
        Say($"catch-up: writing {settings.CatchUp:N0} notices into G1's ledger (G2 lacks them)");
        var folder = Path.Combine(root, "catch-up");
        var data = await FoundAsync(folder, 2);
        var eventBytes = await WriteNoticesAsync(data[0], settings.CatchUp, cancellationToken);
        var ports = data.Select(_ => FreePort()).ToArray();
        await using var relay = new CountingRelay(ports[0]);
        await Cli(data[1], "peer", "add", "g1", "--url", $"mqtts://127.0.0.1:{relay.Port}");
        BenchGateway? sender = null, receiver = null;
        using var sampling = new CancellationTokenSource();
        try
        {
            sender = await BenchGateway.StartAsync("g1", data[0], "gateway-g1", ports[0]);
            using var senderProbe = new LedgerProbe(sender.LedgerPath);
            var total = senderProbe.Events();
            Say($"catch-up: G1 holds {total:N0} events ({eventBytes:N0} bytes of notices); starting G2");
            var started = Stopwatch.GetTimestamp();
            receiver = await BenchGateway.StartAsync("g2", data[1], "gateway-g2", ports[1]);
            var rss = SampleRssAsync([receiver, sender], sampling.Token);
            using var probe = new LedgerProbe(receiver.LedgerPath);
            var before = probe.Events();
            long first = 0;
            await UntilAsync(() =>
            {
                var now = probe.Events();
                if (first == 0 && now > before + 2) first = Stopwatch.GetTimestamp(); // G2's own ballot-box declaration aside
                return now - before >= settings.CatchUp && now == senderProbe.Events(); // both hold all: G1 has G2's few too
            }, () => $"G2 holds {probe.Events():N0} of {senderProbe.Events():N0}", TimeSpan.FromMilliseconds(5), cancellationToken);
            var done = Stopwatch.GetTimestamp();
            await sampling.CancelAsync();
            var max = await rss;
            var seconds = Stopwatch.GetElapsedTime(first, done).TotalSeconds;
            Say($"catch-up: {settings.CatchUp:N0} events in {seconds:F2} s ({settings.CatchUp / seconds:N0} events/s); {relay.FromTarget:N0} bytes sent for {eventBytes:N0} bytes of events");
            return new MeshCatchUpReport(settings.CatchUp, seconds, Stopwatch.GetElapsedTime(started, done).TotalSeconds, settings.CatchUp / seconds,
                relay.FromTarget, relay.ToTarget, eventBytes, max[0], max[1]);
        }
        finally
        {
            await sampling.CancelAsync();
            if (receiver is not null) await receiver.DisposeAsync();
            if (sender is not null) await sender.DisposeAsync();
        }
    }

    /// <summary>Writes <paramref name="count"/> notices (by the founder and Ana, in turn) into <paramref name="data"/>'s ledger; returns their bytes.</summary>
    private static async Task<long> WriteNoticesAsync(string data, int count, CancellationToken cancellationToken)
    {
        var folder = new DataFolder(new DirectoryInfo(data));
        long bytes = 0;
        await using (var ledger = folder.OpenLedger())
        {
            using var founder = folder.ReadKey(DataFolder.FounderKeyName);
            using var ana = folder.ReadKey("facilitator-ana");
            const int Chunk = 5_000;
            for (var start = 0; start < count; start += Chunk)
            {
                var results = await Task.WhenAll(Enumerable.Range(start, Math.Min(Chunk, count - start)).Select(i => ledger.AppendAsync(i % 2 == 0 ? founder : ana, VotingKinds.NoticePosted,
                    BodyJson.Write(new NoticePostedBody($"n{i}", new() { ["en"] = $"Notice {i}" }, new() { ["en"] = "The hall is open from six; bring a chair and a neighbour." })), cancellationToken)));
                foreach (var result in results) bytes += result.Event?.Raw.Length ?? throw new InvalidOperationException($"notice refused: {result.Rejection}");
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return bytes;
    }
}
