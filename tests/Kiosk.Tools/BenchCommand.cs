using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Spectre.Console;
using LedgerStore = Kiosk.Ledger.Ledger;

namespace Kiosk.Tools;

/// <summary>
/// <c>kiosk bench ledger</c>: measures the ledger's durable write path on this machine (append latency,
/// group-commit throughput with concurrent writers, verify+store rate of a received batch, memory) in a
/// temporary folder that is deleted afterwards. Figures are printed, never asserted.
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds <c>bench</c> with its <c>ledger</c> subcommand.</summary>
    public static Command Create()
    {
        var bench = new Command("bench", "Measure this machine: the ledger, votes, web pages, devices and the tally engine.");
        bench.Subcommands.Add(CreateLedger());
        bench.Subcommands.Add(VoteBench.Create());
        bench.Subcommands.Add(WebBench.Create());
        bench.Subcommands.Add(DeviceBench.Create());
        bench.Subcommands.Add(TallyBench.Create());
        bench.Subcommands.Add(MeshBench.Create());
        bench.Subcommands.Add(HubStoreBench.Create());
        bench.Subcommands.Add(HubBench.Create());
        bench.Subcommands.Add(FootprintBench.Create());
        return bench;
    }

    private static Command CreateLedger()
    {
        var events = new Option<int>("--events")
        {
            Description = "Events appended in each concurrent-writers run.",
            DefaultValueFactory = _ => 50_000,
        };
        var writers = new Option<string>("--writers")
        {
            Description = "Comma-separated numbers of concurrent writers, one run each.",
            DefaultValueFactory = _ => "1,8,64",
        };
        var latency = new Option<int>("--latency-samples")
        {
            Description = "Single appends timed one after another for the latency percentiles.",
            DefaultValueFactory = _ => 2_000,
        };
        var received = new Option<int>("--received")
        {
            Description = "Pre-signed events in the batch given to a fresh ledger's ReceiveAsync.",
            DefaultValueFactory = _ => 100_000,
        };
        var kind = new Option<string>("--kind")
        {
            Description = "What to append: 'note' (a plain event, as votes will be) or 'device' (DeviceEnrolled, an authority event).",
            DefaultValueFactory = _ => "note",
        };
        var command = new Command("ledger", "Append latency, appends/s and commits/s with 1, 8 and 64 writers, received events verified and stored per second, memory.");
        foreach (var option in new Option[] { events, writers, latency, received, kind }) command.Options.Add(option);
        command.SetAction(async context =>
        {
            var settings = new LedgerBenchSettings(
                Positive(context.Get(events), "--events"),
                ParseWriters(context.Get(writers)),
                Positive(context.Get(latency), "--latency-samples"),
                Positive(context.Get(received), "--received"),
                context.Get(kind) switch
                {
                    "note" => BenchKind.Note,
                    "device" => BenchKind.Device,
                    var other => throw new UserErrorException($"--kind must be 'note' or 'device', not '{other}'"),
                });
            var parent = context.Data.Root.Exists ? context.Data.Root.FullName : Path.GetTempPath();
            var folder = Path.Combine(parent, "bench-" + Guid.NewGuid().ToString("n")[..12]);
            try
            {
                var report = await new LedgerBench(folder, settings).RunAsync(context.Json ? null : context.Console, context.Cancellation);
                if (context.Json) await context.WriteJsonAsync(report);
                else Print(context.Console, report);
                return 0;
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    private static int Positive(int value, string name) => value > 0 ? value : throw new UserErrorException($"{name} must be a positive number, not {value}");

    private static int[] ParseWriters(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var counts = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]) || counts[i] < 1)
                throw new UserErrorException($"--writers takes positive numbers separated by commas, such as 1,8,64; '{parts[i]}' is not one");
        }
        return counts.Length > 0 ? counts : throw new UserErrorException("--writers needs at least one number, such as 1,8,64");
    }

    private static void Print(IAnsiConsole console, LedgerBenchReport report)
    {
        console.MarkupLine($"[bold]Ledger benchmark[/]  {report.Cores} cores, {Markup.Escape(report.Kind)} events, SQLite WAL synchronous=FULL in {Markup.Escape(report.Folder)}");
        var table = new Table().AddColumns("measure", "writers", "events", "seconds", "events/s", "commits/s", "events/commit", "p50 ms", "p99 ms", "alloc/event");
        foreach (var row in report.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Measure),
                row.Writers?.ToString(CultureInfo.InvariantCulture) ?? "",
                row.Events.ToString("N0", CultureInfo.InvariantCulture),
                row.Seconds.ToString("F2", CultureInfo.InvariantCulture),
                row.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                row.CommitsPerSecond?.ToString("N0", CultureInfo.InvariantCulture) ?? "",
                row.EventsPerCommit?.ToString("F1", CultureInfo.InvariantCulture) ?? "",
                row.P50Ms?.ToString("F3", CultureInfo.InvariantCulture) ?? "",
                row.P99Ms?.ToString("F3", CultureInfo.InvariantCulture) ?? "",
                $"{row.AllocatedBytesPerEvent:N0} B");
        }
        console.Write(table);
        console.MarkupLine($"peak working set {report.PeakWorkingSetBytes / (1024 * 1024)} MiB, GC allocated {report.AllocatedBytes / (1024 * 1024)} MiB in all, GC heap after {report.HeapAfterBytes / (1024 * 1024)} MiB");
    }

    /// <summary>What the event bodies are.</summary>
    internal enum BenchKind
    {
        /// <summary>A plain (non-authority) kind registered for the run: the path votes will take.</summary>
        Note,

        /// <summary>DeviceEnrolled: an authority event, which also recomputes the authority table.</summary>
        Device,
    }

    internal sealed record LedgerBenchSettings(int Events, int[] Writers, int LatencySamples, int Received, BenchKind Kind);

    /// <summary>One measured line.</summary>
    internal sealed record LedgerBenchRow(
        string Measure, int? Writers, long Events, double Seconds, double EventsPerSecond,
        double? CommitsPerSecond, double? EventsPerCommit, double? P50Ms, double? P99Ms, long AllocatedBytesPerEvent);

    /// <summary>Everything measured, as printed by <c>--json</c>.</summary>
    internal sealed record LedgerBenchReport(
        int Cores, string Kind, string Folder, IReadOnlyList<LedgerBenchRow> Rows,
        long PeakWorkingSetBytes, long AllocatedBytes, long HeapAfterBytes);

    /// <summary>A plain kind for the benchmark: written by facilitators, no authority effect, body checked as JSON like every kind.</summary>
    internal sealed record BenchNoteBody(string Text) : ICheckedBody
    {
        public const string Kind = "BenchNote";

        // A tool, not the AOT program: its one body type's contract may come from reflection, with the body options.
        public static System.Text.Json.Serialization.Metadata.JsonTypeInfo JsonTypeInfo { get; } =
            new System.Text.Json.JsonSerializerOptions(BodyJson.Options) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() }
                .GetTypeInfo(typeof(BenchNoteBody));

        public string? Check() => BodyRules.Name("text", Text);
    }

    /// <summary>Runs the measures one after another, each on a fresh ledger file in <c>folder</c>.</summary>
    internal sealed class LedgerBench(string folder, LedgerBenchSettings settings)
    {
        private readonly List<LedgerBenchRow> _rows = [];
        private int _file;

        public async Task<LedgerBenchReport> RunAsync(IAnsiConsole? progress, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(folder);
            var allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
            await Step(progress, "append latency", () => MeasureLatencyAsync(cancellationToken));
            foreach (var writers in settings.Writers)
                await Step(progress, $"{writers} concurrent writers", () => MeasureWritersAsync(writers, cancellationToken));
            await Step(progress, "receive a batch", () => MeasureReceiveAsync(cancellationToken));
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            return new LedgerBenchReport(
                Environment.ProcessorCount,
                settings.Kind == BenchKind.Note ? BenchNoteBody.Kind : EventKinds.DeviceEnrolled,
                folder, _rows, self.PeakWorkingSet64,
                GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart,
                GC.GetTotalMemory(forceFullCollection: true));
        }

        private static async Task Step(IAnsiConsole? progress, string name, Func<Task> step)
        {
            progress?.MarkupLine($"[grey]measuring {Markup.Escape(name)}…[/]");
            await step();
        }

        private static LedgerOptions Options()
        {
            var kinds = KindRegistry.CreateWithCoreKinds();
            kinds.Add(new KindRule(BenchNoteBody.Kind, Role.Facilitator, IsAuthority: false, BodyJson.Checker<BenchNoteBody>()));
            return new LedgerOptions { Kinds = kinds };
        }

        private LedgerStore OpenFresh() => LedgerStore.Open(Path.Combine(folder, $"ledger-{++_file}.db"), Options());

        private (string Kind, byte[] Body) Body(AuthorKeyPair gateway, long n) => settings.Kind == BenchKind.Note
            ? (BenchNoteBody.Kind, BodyJson.Write(new BenchNoteBody($"ballot 7 option {n % 5} at kiosk {n % 13}")))
            : (EventKinds.DeviceEnrolled, BodyJson.Write(new DeviceEnrolledBody($"button-{n}", gateway.PublicKey.ToHex(), $"Button {n}")));

        private static async Task<(AuthorKeyPair Founder, AuthorKeyPair Gateway)> FoundAsync(LedgerStore ledger)
        {
            var founder = AuthorKeyPair.Generate();
            var gateway = AuthorKeyPair.Generate();
            Committed(await ledger.FoundAsync(founder, "Bench assembly", ["en"]));
            Committed(await ledger.AppendAsync(founder, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(gateway.PublicKey.ToHex(), "bench gateway"))));
            return (founder, gateway);
        }

        private static AppendResult Committed(AppendResult result) =>
            result.IsCommitted ? result : throw new InvalidOperationException($"a benchmark append was refused: {result.Rejection}");

        private async Task MeasureLatencyAsync(CancellationToken cancellationToken)
        {
            await using var ledger = OpenFresh();
            var (founder, gateway) = await FoundAsync(ledger);
            var bodies = Enumerable.Range(0, settings.LatencySamples).Select(n => Body(gateway, n)).ToArray();
            var samples = new double[bodies.Length];
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var total = Stopwatch.StartNew();
            for (var i = 0; i < bodies.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                Committed(await ledger.AppendAsync(founder, bodies[i].Kind, bodies[i].Body, cancellationToken));
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            total.Stop();
            Array.Sort(samples);
            _rows.Add(new LedgerBenchRow("append+commit latency", 1, samples.Length, total.Elapsed.TotalSeconds, samples.Length / total.Elapsed.TotalSeconds,
                null, null, Percentile(samples, 0.50), Percentile(samples, 0.99), (GC.GetTotalAllocatedBytes(precise: true) - allocated) / samples.Length));
        }

        private async Task MeasureWritersAsync(int writers, CancellationToken cancellationToken)
        {
            await using var ledger = OpenFresh();
            var (founder, gateway) = await FoundAsync(ledger);
            var perWriter = Math.Max(1, settings.Events / writers);
            var bodies = Enumerable.Range(0, perWriter * writers).Select(n => Body(gateway, n)).ToArray();
            var commitsBefore = ledger.Commits;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var tasks = new Task[writers];
            for (var w = 0; w < writers; w++)
            {
                var first = w * perWriter;
                tasks[w] = Task.Run(async () =>
                {
                    for (var i = first; i < first + perWriter; i++)
                        Committed(await ledger.AppendAsync(founder, bodies[i].Kind, bodies[i].Body, cancellationToken));
                }, cancellationToken);
            }
            await Task.WhenAll(tasks);
            clock.Stop();
            var commits = ledger.Commits - commitsBefore;
            var seconds = clock.Elapsed.TotalSeconds;
            _rows.Add(new LedgerBenchRow("durable appends", writers, bodies.Length, seconds, bodies.Length / seconds,
                commits / seconds, (double)bodies.Length / commits, null, null, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / bodies.Length));
        }

        private async Task MeasureReceiveAsync(CancellationToken cancellationToken)
        {
            // The batch is signed without a store (as a peer would have), then given to a fresh ledger holding only the genesis.
            byte[] genesis;
            AssemblyId assembly;
            var founder = AuthorKeyPair.Generate();
            var gateway = AuthorKeyPair.Generate();
            await using (var source = OpenFresh())
            {
                var founded = Committed(await source.FoundAsync(founder, "Bench assembly", ["en"], cancellationToken)).Event!;
                genesis = founded.Raw;
                assembly = founded.Assembly;
            }
            var raws = new byte[settings.Received][];
            var prev = EventEncoding.TryDecode(genesis, out var g, out _) ? g.Id : throw new InvalidOperationException("genesis does not decode");
            var timeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var i = 0; i < raws.Length; i++)
            {
                var (kind, body) = Body(gateway, i);
                var e = EventSigner.Sign(assembly, founder, i + 2, prev, timeMs + i, kind, body);
                raws[i] = e.Raw;
                prev = e.Id;
            }

            await using var ledger = OpenFresh();
            if (!(await ledger.ReceiveAsync(genesis, cancellationToken)).IsAccepted) throw new InvalidOperationException("the genesis was not accepted");
            var commitsBefore = ledger.Commits;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var results = await ledger.ReceiveAsync(raws, cancellationToken);
            clock.Stop();
            if (results.FirstOrDefault(r => !r.IsAccepted) is { } refused) throw new InvalidOperationException($"a received event was not accepted: {refused}");
            var seconds = clock.Elapsed.TotalSeconds;
            var commits = ledger.Commits - commitsBefore;
            _rows.Add(new LedgerBenchRow("receive: verify+store", null, raws.Length, seconds, raws.Length / seconds,
                commits / seconds, (double)raws.Length / commits, null, null, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / raws.Length));
        }

        private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
