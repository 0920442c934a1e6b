using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Hub;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Mesh;
using Kiosk.Mesh.Peers;
using Kiosk.Voting.Ballots;
using Npgsql;
using LedgerStore = Kiosk.Ledger.Ledger;

namespace Kiosk.Tools;

/// <summary>
/// <c>kiosk bench hub --postgres CONNSTR --broker URL[,URL…]</c>: a real hub (<c>kiosk hub run</c>, its own process, on
/// the given PostgreSQL database) and, in this process, <c>--assemblies</c> × 2 simulated gateways (mesh nodes on their
/// own SQLite ledgers, each with its own broker connection) writing notices at <c>--rate</c> events/s in total for
/// <c>--seconds</c> through the broker. Measured: each event's hub lag (from its commit on the gateway to its row in the
/// hub's database, seen by polling every 100 ms), events stored per second, the hub process's peak RSS. Never asserted.
/// </summary>
public static class HubBench
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    public static Command Create()
    {
        var postgres = new Option<string>("--postgres") { Description = "A PostgreSQL database the bench may fill (use a fresh one).", Required = true };
        var broker = new Option<string>("--broker") { Description = "The broker: mqtt://HOST:PORT, or a NATS cluster's nodes separated by commas.", Required = true };
        var assemblies = new Option<int>("--assemblies") { Description = "Assemblies, each with 2 simulated gateways.", DefaultValueFactory = _ => 100 };
        var rate = new Option<int>("--rate") { Description = "Events per second written in total.", DefaultValueFactory = _ => 1_000 };
        var seconds = new Option<int>("--seconds") { Description = "How long the load lasts.", DefaultValueFactory = _ => 60 };
        var gatewayFolder = new Option<string>("--gateway-folder")
        {
            Description = "Where the simulated gateways' SQLite ledgers go (default: /dev/shm when there is one: 200 real gateways have 200 SD cards, not one shared disk).",
            DefaultValueFactory = _ => Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(),
        };
        var command = new Command("hub", "Hub lag, events stored per second and hub RSS under many assemblies' gateways writing through the broker.") { postgres, broker, assemblies, rate, seconds, gatewayFolder };
        command.SetAction(async context =>
        {
            var brokers = HubSettings.ParseBrokers(context.Get(broker));
            var count = context.Get(assemblies);
            if (count <= 0 || context.Get(rate) <= 0 || context.Get(seconds) <= 0) throw new UserErrorException("--assemblies, --rate and --seconds must be positive");
            var folder = Path.Combine(Path.GetTempPath(), "bench-hub-" + Guid.NewGuid().ToString("n")[..12]);
            var hubFolder = Path.Combine(folder, "hub");
            Directory.CreateDirectory(hubFolder);
            var ledgers = Path.Combine(context.Get(gatewayFolder)!, "bench-hub-gateways-" + Guid.NewGuid().ToString("n")[..12]);
            Directory.CreateDirectory(ledgers);
            var gateways = new List<(MeshNode Node, LedgerStore Ledger, AuthorKeyPair Writer, AuthorKeyPair Key, X509Certificate2 Certificate)>();
            Process? hub = null;
            try
            {
                // The hub's folder and key, as a technician makes them.
                using (var output = new StringWriter())
                {
                    if (await KioskCli.RunAsync(["hub", "init", "--postgres", context.Get(postgres)!, "--broker", HubSettings.FormatBrokers(brokers), "--data", hubFolder, "--json"], output) != 0)
                        throw new UserErrorException($"kiosk hub init failed: {output}");
                }
                using var hubKey = new DataFolder(new DirectoryInfo(hubFolder)).ReadKey(DataFolder.HubKeyName);
                var kinds = VotingKinds.CreateRegistry();
                var options = new LedgerOptions { Kinds = kinds };
                await using (var database = await HubDatabase.OpenAsync(context.Get(postgres)!, Path.Combine(hubFolder, "heads"), context.Cancellation))
                {
                    for (var a = 0; a < count; a++)
                    {
                        using var founder = AuthorKeyPair.Generate();
                        var writers = new[] { AuthorKeyPair.Generate(), AuthorKeyPair.Generate() };
                        var keys = new[] { AuthorKeyPair.Generate(), AuthorKeyPair.Generate() };
                        List<byte[]> events;
                        AssemblyId assembly;
                        await using (var origin = LedgerStore.Open(Path.Combine(folder, $"origin-{a}.db"), options))
                        {
                            assembly = (await origin.FoundAsync(founder, $"Bench assembly {a}", ["en"])).Event!.Assembly;
                            for (var i = 0; i < 2; i++)
                            {
                                await Append(origin, founder, EventKinds.FacilitatorAdded, new FacilitatorAddedBody(writers[i].PublicKey.ToHex(), $"writer {i}"));
                                await Append(origin, founder, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(keys[i].PublicKey.ToHex(), $"g{i}"));
                            }
                            await Append(origin, founder, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(hubKey.PublicKey.ToHex(), "hub", GatewayEnrolledBody.HubRole));
                            events = [.. origin.ReadAll().Select(e => e.Raw)];
                        }
                        await using (var stored = database.OpenLedger(assembly, options))
                            await stored.ReceiveAsync(events, context.Cancellation);
                        for (var i = 0; i < 2; i++)
                        {
                            var ledger = LedgerStore.Open(Path.Combine(ledgers, $"g{a}-{i}.db"), options);
                            await ledger.ReceiveAsync(events, context.Cancellation);
                            var certificate = X509CertificateLoader.LoadPkcs12(PeerCertificate.Create(keys[i].PublicKey, DateTimeOffset.UtcNow), null);
                            var node = new MeshNode(new MeshOptions { Ledger = ledger, GatewayKey = keys[i], Certificate = certificate });
                            node.UseBroker(SpreadStart(brokers, keys[i].PublicKey), BrokerPeers.Hubs);
                            gateways.Add((node, ledger, writers[i], keys[i], certificate));
                        }
                    }
                }
                hub = StartHub(hubFolder);
                var hubPid = hub.Id;
                foreach (var g in gateways) g.Node.Start();
                var connected = Stopwatch.StartNew();
                using (var linking = new PeriodicTimer(PollEvery))
                {
                    while (gateways.Any(g => !g.Node.Status().Peers.Any(p => p.Connected)))
                    {
                        if (hub.HasExited) throw new UserErrorException($"the hub exited ({hub.ExitCode})");
                        if (connected.Elapsed > TimeSpan.FromMinutes(3)) throw new UserErrorException($"{gateways.Count(g => !g.Node.Status().Peers.Any(p => p.Connected))} gateways did not link with the hub in 3 minutes");
                        await linking.WaitForNextTickAsync(context.Cancellation);
                    }
                }
                var linkSeconds = connected.Elapsed.TotalSeconds;

                // The load: every tick, the next gateways in turn each write one notice.
                var written = new ConcurrentDictionary<(Bytes32 Author, long Seq), long>();
                var lags = new ConcurrentBag<double>();
                var perTick = Math.Max(1, context.Get(rate) / 10);
                var load = Stopwatch.StartNew();
                var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var hubCpuBefore = CpuTime(hubPid);
                using var observing = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
                var observer = ObserveAsync(context.Get(postgres)!, written, lags, observing.Token);
                var next = 0;
                var total = 0;
                using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
                {
                    while (load.Elapsed < TimeSpan.FromSeconds(context.Get(seconds)) && await timer.WaitForNextTickAsync(context.Cancellation))
                    {
                        var batch = Enumerable.Range(0, perTick).Select(_ => gateways[next++ % gateways.Count]).GroupBy(g => g.Key.PublicKey).Select(async group =>
                        {
                            foreach (var g in group)
                            {
                                var result = await g.Ledger.AppendAsync(g.Writer, VotingKinds.NoticePosted,
                                    BodyJson.Write(new NoticePostedBody($"n{Interlocked.Increment(ref total)}", new() { ["en"] = "Bench notice" }, new() { ["en"] = "The bins go out on Tuesday." })));
                                if (result.Event is { } e) written[(e.Author, e.Seq)] = Stopwatch.GetTimestamp();
                            }
                        });
                        await Task.WhenAll(batch);
                    }
                }
                var loadSeconds = load.Elapsed.TotalSeconds;
                var offered = written.Count;
                var drain = Stopwatch.StartNew();
                using (var draining = new PeriodicTimer(PollEvery))
                {
                    while (lags.Count < offered && drain.Elapsed < TimeSpan.FromMinutes(3)) await draining.WaitForNextTickAsync(context.Cancellation);
                }
                // CPU spent from the start of the load to the last event stored, per event written: on the gateways' side
                // (this process: 200 gateways, their ledgers, broker clients, the lag poll) and on the hub's.
                var benchCpu = (Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore).TotalMilliseconds;
                var hubCpu = (CpuTime(hubPid) - hubCpuBefore).TotalMilliseconds;
                var storedSeconds = load.Elapsed.TotalSeconds;
                var sorted = lags.Order().ToArray();
                double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
                await context.WriteJsonAsync(new
                {
                    cores = Environment.ProcessorCount,
                    broker = HubSettings.FormatBrokers(brokers),
                    assemblies = count,
                    gateways = gateways.Count,
                    linkSeconds = Math.Round(linkSeconds, 1),
                    eventsWritten = offered,
                    writtenPerSecond = Math.Round(offered / loadSeconds),
                    eventsStored = sorted.Length,
                    storedPerSecond = Math.Round(sorted.Length / storedSeconds),
                    lagP50Seconds = Math.Round(Percentile(0.50), 3),
                    lagP99Seconds = Math.Round(Percentile(0.99), 3),
                    lagMaxSeconds = Math.Round(Percentile(1.0), 3),
                    benchCpuMsPerEvent = offered == 0 ? double.NaN : Math.Round(benchCpu / offered, 2),
                    hubCpuMsPerEvent = offered == 0 ? double.NaN : Math.Round(hubCpu / offered, 2),
                    hubPeakRssBytes = PeakRss(hubPid),
                    benchPeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
                });
                await observing.CancelAsync();
                try
                {
                    await observer;
                }
                catch (OperationCanceledException)
                {
                }
                return 0;
            }
            finally
            {
                foreach (var g in gateways)
                {
                    await g.Node.DisposeAsync();
                    await g.Ledger.DisposeAsync();
                    g.Writer.Dispose();
                    g.Key.Dispose();
                    g.Certificate.Dispose();
                }
                if (hub is not null)
                {
                    if (!hub.HasExited) hub.Kill(entireProcessTree: true);
                    await hub.WaitForExitAsync();
                    hub.Dispose();
                }
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
                Directory.Delete(ledgers, recursive: true);
            }
        });
        return command;
    }

    private static async Task Append<T>(LedgerStore ledger, AuthorKeyPair author, string kind, T body) where T : ICheckedBody
    {
        var result = await ledger.AppendAsync(author, kind, BodyJson.Write(body));
        if (!result.IsCommitted) throw new InvalidOperationException($"{kind} refused: {result.Rejection}");
    }

    /// <summary>Polls the hub's database: every written event found there counts its lag (commit on the gateway to seen stored).</summary>
    private static async Task ObserveAsync(string connectionString, ConcurrentDictionary<(Bytes32 Author, long Seq), long> written, ConcurrentBag<double> lags, CancellationToken cancellationToken)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        var seen = new Dictionary<Bytes32, long>();
        using var timer = new PeriodicTimer(PollEvery);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var now = Stopwatch.GetTimestamp();
            // The feeds projection (one row per author, written in the same transaction as the events): reading the
            // heads there costs the database a few hundred rows per poll, where max(seq) over events scanned them all.
            await using var query = source.CreateCommand("SELECT author, head_seq FROM feeds");
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var author = Bytes32.Read((byte[])reader[0]);
                var max = reader.GetInt64(1);
                // A seq not yet recorded as written (its append is just returning) is looked at again next time.
                for (var seq = seen.GetValueOrDefault(author) + 1; seq <= max && written.TryGetValue((author, seq), out var at); seq++)
                {
                    lags.Add(Stopwatch.GetElapsedTime(at, now).TotalSeconds);
                    seen[author] = seq;
                }
            }
        }
    }

    /// <summary>
    /// The cluster's nodes in an order that starts at node (key mod n): 200 gateways given the same list would all
    /// dial node 1 first and leave the other nodes only the cluster's replication, which is not how a co-op's technician
    /// would hand out the URLs. One URL stays one URL.
    /// </summary>
    internal static IReadOnlyList<Uri> SpreadStart(IReadOnlyList<Uri> brokers, Bytes32 key)
    {
        var first = BitConverter.ToUInt32(key.ToArray(), 0) % (uint)brokers.Count;
        return [.. Enumerable.Range(0, brokers.Count).Select(i => brokers[(int)((first + i) % brokers.Count)])];
    }

    private static Process StartHub(string data)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "kiosk.dll"), "hub", "run", "--data", data, "--http-port", "-1"]) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("hub: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The process's CPU time so far (user + system, from /proc/PID/stat); zero when it cannot be read.</summary>
    private static TimeSpan CpuTime(int pid)
    {
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        if (!File.Exists(stat)) return TimeSpan.Zero;
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime and stime are 14 and 15.
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    /// <summary>The process's peak resident set (VmHWM), in bytes; 0 when it cannot be read.</summary>
    private static long PeakRss(int pid)
    {
        var status = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
        if (!File.Exists(status)) return 0;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
