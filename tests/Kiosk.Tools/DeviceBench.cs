using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Data;
using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kiosk.Button.Simulator;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Devices;
using Kiosk.Voting.Ballots;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Kiosk.Tools;

/// <summary>
/// <c>kiosk bench devices</c>: N simulated buttons (the firmware's logic over MQTTnet) vote through the gateway's broker
/// at a given rate — HMAC check, VoteCast durably committed, press record committed, ack — and the same number of plain
/// QoS 1 publishes are relayed by Mosquitto (Debian's, on 127.0.0.1) as the reference. Figures are printed, never asserted.
/// </summary>
public static class DeviceBench
{
    private static readonly string[] Options = ["yes", "no", "abstain"];

    /// <summary>How often a refused connect to the reference Mosquitto is tried again.</summary>
    private static readonly TimeSpan MosquittoConnectRetry = TimeSpan.FromMilliseconds(20);

    /// <summary>How long all the reference clients together may take to connect before the bench gives up.</summary>
    private static readonly TimeSpan MosquittoConnectDeadline = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Simulated buttons (MQTT clients).", DefaultValueFactory = _ => 1000 };
        var rate = new Option<int>("--rate") { Description = "Presses per second over all buttons (0: each button presses again as soon as acked).", DefaultValueFactory = _ => 1000 };
        var presses = new Option<int>("--presses") { Description = "Presses per button.", DefaultValueFactory = _ => 5 };
        var mosquitto = new Option<string>("--mosquitto") { Description = "The mosquitto program for the reference run ('none' to skip).", DefaultValueFactory = _ => "/usr/sbin/mosquitto" };
        var command = new Command("devices", "Acked votes/s and press-to-ack latency of simulated buttons through the gateway broker, beside Mosquitto relaying plain QoS 1 publishes.") { count, rate, presses, mosquitto };
        command.SetAction(async context =>
        {
            var n = context.Get(count);
            var r = context.Get(rate);
            var p = context.Get(presses);
            if (n < 1 || r < 0 || p < 1) throw new UserErrorException("--count and --presses must be positive, --rate zero or positive");
            var folder = Path.Combine(context.Data.Root.FullName, "bench-devices-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            try
            {
                var o = context.Output;
                await o.WriteLineAsync($"kiosk bench devices: {n} buttons, {p} presses each, rate {(r == 0 ? "closed loop" : r + "/s")}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
                var gateway = await RunGatewayAsync(folder, n, r, p, o);
                await Print(o, "gateway (MQTTnet broker + HMAC + durable VoteCast + ack)", gateway);
                if (context.Get(mosquitto) is { } program && program != "none")
                {
                    if (!File.Exists(program)) await o.WriteLineAsync($"reference skipped: {program} not found (apt-get install mosquitto)");
                    else
                    {
                        try { await Print(o, "reference (Mosquitto 2 relaying plain QoS 1 publishes, no ledger)", await RunMosquittoAsync(program, folder, n, r, p)); }
                        // Mosquitto that would not take a client (ConnectWithRetryAsync's errors) or dropped one: the gateway's figures stand alone.
                        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or TimeoutException or MosquittoExitedException) { await o.WriteLineAsync($"reference failed: {e.Message}"); }
                    }
                }
                return 0;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        });
        return command;
    }

    private sealed record Figures(int Sent, int Acked, int Refused, int Failed, TimeSpan Wall, double[] LatenciesMs, double CpuSeconds, string CpuWhose, long MemoryBytes, string MemoryWhose, string? Check);

    private static async Task<Figures> RunGatewayAsync(string folder, int n, int rate, int presses, TextWriter o)
    {
        await using var ledger = Kiosk.Ledger.Ledger.Open(Path.Combine(folder, "ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        using var founder = AuthorKeyPair.Generate();
        using var gatewayKey = AuthorKeyPair.Generate();
        await ledger.FoundAsync(founder, "Bench assembly", ["en"]);
        await ledger.AppendAsync(founder, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(gatewayKey.PublicKey.ToHex(), "bench-gateway")));
        await using var devices = await DeviceGateway.StartAsync(new DeviceGatewayOptions
        {
            Ledger = ledger, GatewayKey = gatewayKey, RegistryPath = Path.Combine(folder, "devices.db"), Broker = new DeviceBrokerOptions { Port = 0 },
        });
        var configs = await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
            (await DeviceEnrolment.EnrolAsync(ledger, founder, gatewayKey.PublicKey, devices.Registry, $"bench-{i}", $"Bench {i}", $"Member {i}", "127.0.0.1", devices.Broker.Port)).Config!));
        var ballot = new BallotDefinition
        {
            Id = "bench", Title = new() { ["en"] = "Bench" }, Method = "yes-no", Eligibility = BallotDefinition.ByRollCall, Secret = false,
            Options = [.. Options.Select(x => new BallotOption(x, new() { ["en"] = x }))],
        };
        await ledger.AppendAsync(founder, VotingKinds.BallotPublished, BodyJson.Write(new BallotPublishedBody(ballot)));
        await ledger.AppendAsync(founder, VotingKinds.BallotOpened, BodyJson.Write(new BallotRefBody("bench")));
        await using var fleet = new ButtonFleet(configs.Select(c => Kiosk.Button.ButtonSettings.Parse(c.ToJson())!), ackTimeoutMs: 5000);
        if (!await fleet.StartAsync(parallel: 32)) throw new UserErrorException("not every simulated button could connect");
        foreach (var b in fleet.Buttons)
            if (!await b.WaitForBallotAsync("bench", TimeSpan.FromSeconds(20))) throw new UserErrorException($"{b.Settings.DeviceId} never saw the open ballot");
        await o.WriteLineAsync($"  {n} buttons enrolled, connected to {devices.BrokerUri}, showing ballot 'bench'");

        var votesBefore = ledger.ReadApplied(VotingKinds.VoteCast).Count();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var results = new ConcurrentBag<PressResult>();
        var wall = await Drive(n, rate, presses, async i => results.Add(await fleet.Buttons[i].PressAsync("bench", Options[Random.Shared.Next(Options.Length)])));
        var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var memory = Process.GetCurrentProcess().WorkingSet64;
        var recorded = ledger.ReadApplied(VotingKinds.VoteCast).Count() - votesBefore;
        var acked = results.Count(x => x.Accepted);
        var check = recorded == acked ? $"ledger holds exactly the {acked} acked votes" : $"MISMATCH: {acked} acked, {recorded} VoteCast events";
        return new Figures(results.Count, acked, results.Count(x => x.Sent && x.Reason is not null), results.Count(x => x.Feedback == Kiosk.Button.ButtonFeedback.Failed),
            wall, [.. results.Where(x => x.Accepted).Select(x => x.Latency.TotalMilliseconds).Order()], cpuUsed, "whole process: gateway and the simulated buttons",
            memory, "whole process working set", check);
    }

    /// <summary>Issues <paramref name="n"/>×<paramref name="presses"/> presses: paced at <paramref name="rate"/>/s, or closed-loop per button when 0.</summary>
    private static async Task<TimeSpan> Drive(int n, int rate, int presses, Func<int, Task> press)
    {
        var started = Stopwatch.GetTimestamp();
        if (rate == 0)
        {
            await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
            {
                for (var k = 0; k < presses; k++) await press(i);
            }));
            return Stopwatch.GetElapsedTime(started);
        }
        var total = n * presses;
        var pending = new List<Task>(total);
        var tickMs = 10;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(tickMs));
        var issued = 0;
        while (issued < total)
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate) + 1);
            for (; issued < due; issued++) pending.Add(press(issued % n));
            await timer.WaitForNextTickAsync();
        }
        await Task.WhenAll(pending);
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task<Figures> RunMosquittoAsync(string program, string folder, int n, int rate, int presses)
    {
        var port = FreePort.On(System.Net.IPAddress.Loopback);
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\nmax_inflight_messages 100\nmax_queued_messages 10000\n");
        using var broker = Process.Start(new ProcessStartInfo(program) { ArgumentList = { "-c", config } })!;
        var clients = new List<(IMqttClient Client, string Topic, ConcurrentQueue<TaskCompletionSource> Waiting)>();
        try
        {
            var factory = new MqttClientFactory();
            var connecting = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                var client = factory.CreateMqttClient();
                var waiting = new ConcurrentQueue<TaskCompletionSource>();
                client.ApplicationMessageReceivedAsync += _ =>
                {
                    if (waiting.TryDequeue(out var done)) done.TrySetResult();
                    return Task.CompletedTask;
                };
                var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"ref-{i}").WithProtocolVersion(MqttProtocolVersion.V311).Build();
                await ConnectWithRetryAsync(client, options, broker, port, connecting);
                await client.SubscribeAsync($"bench/{i}", MqttQualityOfServiceLevel.AtLeastOnce);
                clients.Add((client, $"bench/{i}", waiting));
            }
            var latencies = new ConcurrentBag<double>();
            var cpu = ProcCpuSeconds(broker.Id);
            var wall = await Drive(n, rate, presses, async i =>
            {
                var (client, topic, waiting) = clients[i];
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var t = Stopwatch.GetTimestamp();
                waiting.Enqueue(done);
                await client.PublishStringAsync(topic, "{\"ballot\":\"bench\",\"option\":\"yes\",\"counter\":1,\"hmac\":\"" + new string('0', 64) + "\"}", MqttQualityOfServiceLevel.AtLeastOnce);
                await done.Task;
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            });
            var cpuUsed = ProcCpuSeconds(broker.Id) - cpu;
            return new Figures(n * presses, latencies.Count, 0, 0, wall, [.. latencies.Order()], cpuUsed, "mosquitto process only", ProcRssBytes(broker.Id), "mosquitto RSS", null);
        }
        finally
        {
            foreach (var (client, _, _) in clients) { try { await client.DisconnectAsync(); } catch (MQTTnet.Exceptions.MqttCommunicationException) { } client.Dispose(); }
            if (!broker.HasExited) broker.Kill();
            await broker.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Connects <paramref name="client"/> to Mosquitto, trying again on each tick while it is starting or busy accepting;
    /// gives up if it exits or once <see cref="MosquittoConnectDeadline"/> has passed on <paramref name="since"/>, naming the client and port.
    /// </summary>
    private static async Task ConnectWithRetryAsync(IMqttClient client, MqttClientOptions options, Process mosquitto, int port, Stopwatch since)
    {
        using var tick = new PeriodicTimer(MosquittoConnectRetry);
        while (true)
        {
            try
            {
                await client.ConnectAsync(options);
                return;
            }
            catch (Exception e) when (e is MQTTnet.Adapter.MqttConnectingFailedException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                if (mosquitto.HasExited)
                    throw new MosquittoExitedException($"Mosquitto on 127.0.0.1:{port} exited ({mosquitto.ExitCode}) before client {options.ClientId} connected", e);
                if (since.Elapsed > MosquittoConnectDeadline)
                    throw new TimeoutException($"Mosquitto on 127.0.0.1:{port} still refused client {options.ClientId} after {MosquittoConnectDeadline.TotalSeconds:F0} s: {e.Message}", e);
            }
            await tick.WaitForNextTickAsync();
        }
    }

    private static double ProcCpuSeconds(int pid)
    {
        // /proc/PID/stat fields 14 and 15: user and system time in clock ticks (100 per second on Linux).
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static long ProcRssBytes(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static async Task Print(TextWriter o, string title, Figures f)
    {
        await o.WriteLineAsync(title);
        await o.WriteLineAsync($"  {f.Acked} of {f.Sent} acked in {f.Wall.TotalSeconds:F2} s: {f.Acked / f.Wall.TotalSeconds:F0} acked/s; refused {f.Refused}, gave up {f.Failed}");
        await o.WriteLineAsync($"  press-to-ack p50 {SimulatorRun.Percentile(f.LatenciesMs, 0.50):F1} ms, p99 {SimulatorRun.Percentile(f.LatenciesMs, 0.99):F1} ms, max {(f.LatenciesMs.Length == 0 ? 0 : f.LatenciesMs[^1]):F1} ms");
        await o.WriteLineAsync($"  CPU {f.CpuSeconds:F2} s = {100 * f.CpuSeconds / f.Wall.TotalSeconds:F0} % of one core ({f.CpuWhose}); memory {f.MemoryBytes / (1024 * 1024)} MiB ({f.MemoryWhose})");
        if (f.Check is not null) await o.WriteLineAsync($"  check: {f.Check}");
    }
}
