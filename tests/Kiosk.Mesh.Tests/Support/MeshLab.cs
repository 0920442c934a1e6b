using System.Net;
using Kiosk.Devices;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// Gateways of one assembly as separate <c>kiosk run</c> processes on this machine: an assembly founded once with the
/// command line (facilitator Ana, gateways g1…gN enrolled), its folder copied for each gateway, peers configured with
/// <c>kiosk peer add</c> for the links asked for, each process on its own free peer port. Everything on 127.0.0.1;
/// every process is killed on dispose.
/// </summary>
public sealed class MeshLab : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<GatewayProcess> _processes = [];

    private MeshLab(int count)
    {
        Count = count;
        Ports = [.. Enumerable.Range(0, count).Select(_ => FreePort.On(IPAddress.Loopback))];
    }

    public int Count { get; }

    /// <summary>Each gateway's peer port.</summary>
    public int[] Ports { get; }

    /// <summary>The running processes (index i is gateway g{i+1}); null before start or after a kill.</summary>
    public GatewayProcess?[] Processes { get; private set; } = [];

    public string Root => _folder.Path;

    public string Origin => Path.Combine(_folder.Path, "origin");

    /// <summary>The data folder of gateway <paramref name="index"/> (0-based).</summary>
    public string Data(int index) => Path.Combine(_folder.Path, $"g{index + 1}");

    /// <summary>The key name of gateway <paramref name="index"/>.</summary>
    public static string KeyName(int index) => $"gateway-g{index + 1}";

    /// <summary>Founds the assembly and gives each of <paramref name="count"/> gateways a copy of its folder.</summary>
    public static async Task<MeshLab> CreateAsync(int count)
    {
        var lab = new MeshLab(count);
        await KioskCliRun.Ok(lab.Origin, "init", "--name", "Mesh lab");
        await KioskCliRun.Ok(lab.Origin, "facilitator", "add", "--name", "Ana");
        for (var i = 0; i < count; i++) await KioskCliRun.Ok(lab.Origin, "gateway", "enrol", "--name", $"g{i + 1}");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the copies must be whole files
        for (var i = 0; i < count; i++)
        {
            CopyFolder(lab.Origin, lab.Data(i));
            // Each gateway's folder holds its own gateway key only, as on a real machine: a command run there (ballot
            // close publishes the queued votes of the gateways whose keys it holds) must never sign for another gateway.
            for (var j = 0; j < count; j++)
                if (j != i) File.Delete(Path.Combine(lab.Data(i), "keys", KeyName(j) + ".key"));
        }
        lab.Processes = new GatewayProcess?[count];
        return lab;
    }

    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            // A running gateway's control socket is no file to copy (a backup leaves it out; the gateway makes its own).
            if (Path.GetFileName(file) == "control.sock") continue;
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>Publishes and opens a plurality ballot (options a, b, c) on gateway <paramref name="index"/>'s folder and returns its voter codes.</summary>
    public async Task<IReadOnlyList<string>> BallotAsync(int index, string id, int codes)
    {
        // A secret ballot whose every vote is its own batch: these tests watch votes travel, so none waits in a
        // gateway's ballot-box queue for four more (the batching itself is tested in Kiosk.Voting.Tests).
        var file = Path.Combine(_folder.Path, id + ".yaml");
        await File.WriteAllTextAsync(file, $$$"""
            id: {{{id}}}
            title: {en: Ballot {{{id}}}}
            method: plurality
            batchSize: 1
            options:
              - {id: a, label: {en: A}}
              - {id: b, label: {en: B}}
              - {id: c, label: {en: C}}
            """);
        await KioskCliRun.Ok(Data(index), "ballot", "create", file);
        var issued = await KioskCliRun.Ok(Data(index), "codes", "issue", "--ballot", id, "--count", codes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--print-codes");
        await KioskCliRun.Ok(Data(index), "ballot", "open", id);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return KioskCliRun.CodesIn(issued.Output);
    }

    /// <summary>Configures the links (dialler, accepter) and starts every gateway.</summary>
    public async Task StartAsync(params (int From, int To)[] links)
    {
        foreach (var (from, to) in links) await AddPeerAsync(from, to, Ports[to]);
        await Task.WhenAll(Enumerable.Range(0, Count).Select(StartAsync));
    }

    /// <summary>Makes gateway <paramref name="from"/> dial gateway <paramref name="to"/> at <paramref name="port"/> (a relay in front of it, say).</summary>
    public Task AddPeerAsync(int from, int to, int port, string host = "127.0.0.1") =>
        KioskCliRun.Ok(Data(from), "peer", "add", $"g{to + 1}", "--url", $"mqtts://{host}:{port}");

    /// <summary>How gateway i is started (default: on this machine's loopback).</summary>
    public Func<int, GatewayLaunch>? Launch { get; set; }

    /// <summary>
    /// Starts gateway <paramref name="index"/> and waits until its start-up check is over (its configured peers answered,
    /// docs/mesh.md "Rollback"): from then on it takes votes, unless it found itself rolled back.
    /// </summary>
    public async Task StartAsync(int index)
    {
        var started = DateTimeOffset.UtcNow;
        var process = Processes[index] = await GatewayProcess.StartAsync($"g{index + 1}", Data(index), KeyName(index), Ports[index], Launch?.Invoke(index));
        await Poll.UntilAsync(() => process.Status is { } s && s.Written > started && s.Recovering != MeshNode.StartupHold, Describe, Deadline);
    }

    /// <summary>Kills gateway <paramref name="index"/> (kill -9).</summary>
    public async Task KillAsync(int index)
    {
        if (Processes[index] is { } process)
        {
            process.Kill();
            await process.DisposeAsync();
            Processes[index] = null;
        }
    }

    /// <summary>
    /// Waits until the running gateways <paramref name="among"/> (default: all) report, in status files written after
    /// <paramref name="since"/>, one and the same state hash. Each gateway's own writes were durable before
    /// <paramref name="since"/>, so one hash means each holds every other's.
    /// </summary>
    public Task ConvergedAsync(DateTimeOffset since, IEnumerable<int>? among = null, TimeSpan? deadline = null)
    {
        var which = (among ?? Enumerable.Range(0, Count)).ToList();
        return Poll.UntilAsync(() =>
        {
            var statuses = which.Select(i => Processes[i]?.Status).ToList();
            return statuses.All(s => s is not null && s.Written > since) && statuses.Select(s => s!.StateHash).Distinct().Count() == 1;
        }, Describe, deadline ?? Deadline);
    }

    /// <summary>How long convergence may take here (a small machine shared with builds).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>The state hash gateway <paramref name="index"/> reports now.</summary>
    public string? ReportedHash(int index) => Processes[index]?.Status?.StateHash;

    /// <summary>Each gateway's last reported state, for failure messages.</summary>
    public string Describe() => string.Join("\n", Processes.Select((p, i) => p?.Status is { } s
        ? $"g{i + 1}: {s.Events} events, state {s.StateHash[..12]}, peers: {string.Join(", ", s.Peers.Select(x => $"{x.Name} {(x.Connected ? "up" : "down")} {x.LastProblem}"))}"
        : $"g{i + 1}: {(p is null ? "not running" : "no status yet")}"))
        + "\n--- logs ---\n" + string.Join("\n", Processes.Where(p => p is not null).Select(p => $"[{p!.Name}]\n{Tail(p.Output)}"));

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;

    /// <summary>
    /// Casts a vote at gateway <paramref name="index"/>'s kiosk as a resident's touch screen does (Post/Redirect/Get):
    /// the code, the option, "Confirm", then the receipt with its tracker. The code must open exactly one ballot.
    /// </summary>
    public Task VoteAsync(int index, string code, string option) => KioskVoter.VoteAsync(Processes[index]!.Kiosk, $"g{index + 1}", code, option);

    /// <summary>The steps of <see cref="VoteAsync"/>; returns the page the kiosk shows after "Confirm" (a receipt, or why not).</summary>
    public Task<string> TryVoteAsync(int index, string code, string option) => KioskVoter.TryVoteAsync(Processes[index]!.Kiosk, $"g{index + 1}", code, option);

    /// <summary>Waits until every gateway's folder gives byte-identical results of <paramref name="ballot"/> counting <paramref name="counted"/> votes; returns them.</summary>
    public async Task<string> AgreedResultsAsync(string ballot, int counted, IEnumerable<int>? among = null)
    {
        var which = (among ?? Enumerable.Range(0, Count)).ToList();
        string[] results = [];
        await Poll.UntilAsync(async () =>
        {
            results = await Task.WhenAll(which.Select(i => ResultsAsync(i, ballot)));
            return results.Distinct().Count() == 1 && System.Text.Json.JsonDocument.Parse(results[0]).RootElement[0].GetProperty("counted").GetInt32() == counted;
        }, () => $"results differ or count other than {counted}:\n{string.Join("\n", results.Select(r => r.Length > 400 ? r[..400] : r))}\n{Describe()}", Deadline);
        return results[0];
    }

    /// <summary>
    /// Waits until the gateways <paramref name="among"/> (default: all) give byte-identical results of
    /// <paramref name="ballot"/> with status <paramref name="status"/>; returns them.
    /// </summary>
    public async Task<System.Text.Json.JsonElement> AgreedStatusAsync(string ballot, string status, IEnumerable<int>? among = null)
    {
        var which = (among ?? Enumerable.Range(0, Count)).ToList();
        string[] results = [];
        await Poll.UntilAsync(async () =>
        {
            results = await Task.WhenAll(which.Select(i => ResultsAsync(i, ballot)));
            return results.Distinct().Count() == 1 && System.Text.Json.JsonDocument.Parse(results[0]).RootElement[0].GetProperty("status").GetString() == status;
        }, () => $"results differ or are not {status}:\n{string.Join("\n", results.Select(r => r.Length > 600 ? r[..600] : r))}\n{Describe()}", Deadline);
        return System.Text.Json.JsonDocument.Parse(results[0]).RootElement[0];
    }

    /// <summary>The results of <paramref name="ballot"/> as computed from gateway <paramref name="index"/>'s folder by the command line (JSON text).</summary>
    public async Task<string> ResultsAsync(int index, string ballot) => (await KioskCliRun.Ok(Data(index), "results", "--ballot", ballot, "--json")).Output;

    /// <summary>The state hash of gateway <paramref name="index"/>'s folder, computed by the command line.</summary>
    public async Task<string> StateHashAsync(int index) => (await KioskCliRun.Ok(Data(index), "status", "--json")).Json.GetProperty("stateHash").GetString()!;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Processes) if (process is not null) await process.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
