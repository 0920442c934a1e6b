using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Devices;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Hub.Tests.Support;

/// <summary>
/// A co-op on this machine: a real PostgreSQL database and Mosquitto broker, a hub (<c>kiosk hub init</c>, enrolled as a
/// hub, the assembly imported) run as a <c>kiosk hub run</c> process, and gateways g1…gN of one assembly, each a copy of
/// the founding folder linked to the hub's broker (<c>kiosk hub link</c>) and run as <c>kiosk run</c> processes with no
/// direct peers. With <c>tls</c>, the broker is the one <c>kiosk hub broker-config --mosquitto</c> writes (TLS client
/// certificates, dynamic-security ACLs kept by the hub), and each gateway gets its certificate the way a technician
/// would: <c>kiosk hub request</c> on it, <c>kiosk hub certify</c> on the hub, <c>kiosk hub link mqtts://… --ca --certificate</c>.
/// With <c>nats</c>, the broker is instead the 3-node NATS cluster <c>kiosk hub broker-config --nats</c> writes (TLS, the
/// certificate's subject as user, the users file kept by the hub), the gateways certified and linked the same way.
/// Everything on 127.0.0.1; every process is killed on dispose.
/// </summary>
public sealed class HubLab : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    private HubLab(int count) => Gateways = new GatewayProcess?[count];

    /// <summary>The Mosquitto broker (none on a NATS lab).</summary>
    public MosquittoBroker Broker { get; private set; } = null!;

    /// <summary>The NATS cluster of a lab made with <c>nats</c>.</summary>
    public NatsCluster? Nats { get; private set; }
    public HubProcess? Hub { get; private set; }
    public GatewayProcess?[] Gateways { get; }
    public string Assembly { get; private set; } = "";
    public string HubKey { get; private set; } = "";
    public string Origin => _folder.File("origin");
    public string HubData => _folder.File("hub");
    public string Data(int index) => _folder.File($"g{index + 1}");

    /// <summary>The hub's broker folder (CA, certificates, Mosquitto configuration), with <c>tls</c>.</summary>
    public string BrokerFolder => Path.Combine(HubData, "broker");

    /// <summary>A file in the lab's folder.</summary>
    public string File(string name) => _folder.File(name);

    /// <summary>Founds the assembly with <paramref name="count"/> gateways and the hub, a ballot <paramref name="ballot"/> open with codes; sets up the hub.</summary>
    /// <remarks>
    /// With <paramref name="nats"/>, no Mosquitto is started: the hub dials the cluster's nodes 1, 2, 3 in turn and the
    /// gateways 3, 2, 1, so every message crosses the cluster's routes.
    /// </remarks>
    public static async Task<(HubLab Lab, IReadOnlyList<string> Codes)> CreateAsync(PostgresServer postgres, int count, string ballot, int codes, bool tls = false,
        bool nats = false)
    {
        var lab = new HubLab(count);
        try
        {
            var port = FreePort.On(IPAddress.Loopback).ToString(CultureInfo.InvariantCulture);
            if (!tls && !nats) lab.Broker = await MosquittoBroker.StartAsync();
            var hubKey = lab.HubKey = (await KioskCliRun.Ok(lab.HubData, "hub", "init", "--postgres", await postgres.CreateDatabaseAsync(),
                "--broker", tls || nats ? $"mqtt://127.0.0.1:{port}" : lab.Broker.Url.ToString(), "--json")).Json.GetProperty("hubKey").GetString()!;
            if (nats)
            {
                // broker-config --nats writes the three nodes' files into the hub's broker folder, where they run (and so the hub reloads them).
                var nodes = NatsCluster.FreeNodes();
                string[] arguments = ["hub", "broker-config", "--nats", "--store", lab.File("jetstream"), "--json",
                    .. nodes.SelectMany(n => new[] { "--host", n.Host, "--node-ports", $"{n.MqttPort}:{n.ClusterPort}:{n.ClientPort}" })];
                var written = (await KioskCliRun.Ok(lab.HubData, arguments)).Json;
                lab.Nats = await NatsCluster.StartGeneratedAsync(nodes, [.. written.GetProperty("files").EnumerateArray().Select(f => f.GetString()!)]);
            }
            if (tls)
            {
                // broker-config points the hub at mqtts://127.0.0.1:PORT and writes the broker's configuration for that port.
                var config = (await KioskCliRun.Ok(lab.HubData, "hub", "broker-config", "--mosquitto", "--host", "127.0.0.1", "--port", port, "--address", "127.0.0.1", "--json"))
                    .Json.GetProperty("config").GetString()!;
                lab.Broker = await MosquittoBroker.StartGeneratedAsync(config, int.Parse(port, CultureInfo.InvariantCulture));
            }
            await KioskCliRun.Ok(lab.Origin, "init", "--name", "Hub lab");
            await KioskCliRun.Ok(lab.Origin, "facilitator", "add", "--name", "Ana");
            for (var i = 0; i < count; i++) await KioskCliRun.Ok(lab.Origin, "gateway", "enrol", "--name", $"g{i + 1}");
            var file = lab._folder.File(ballot + ".yaml");
            await System.IO.File.WriteAllTextAsync(file, $$$"""
                id: {{{ballot}}}
                title: {en: Ballot {{{ballot}}}}
                method: plurality
                batchSize: 1
                options:
                  - {id: a, label: {en: A}}
                  - {id: b, label: {en: B}}
                """);
            await KioskCliRun.Ok(lab.Origin, "ballot", "create", file);
            var issued = await KioskCliRun.Ok(lab.Origin, "codes", "issue", "--ballot", ballot, "--count", codes.ToString(CultureInfo.InvariantCulture), "--print-codes");
            await KioskCliRun.Ok(lab.Origin, "ballot", "open", ballot);
            var archive = lab._folder.File("origin.jsonl");
            await KioskCliRun.Ok(lab.Origin, "hub", "enrol", "--name", "coop-hub", "--key", hubKey, "--output", archive);
            lab.Assembly = (await KioskCliRun.Ok(lab.HubData, "hub", "import", "--input", archive, "--json")).Json.GetProperty("assembly").GetString()!;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the copies must be whole files
            for (var i = 0; i < count; i++)
            {
                CopyFolder(lab.Origin, lab.Data(i));
                if (nats) await lab.CertifyAndLinkAsync(i, lab.Nats!.MqttUrls(2, 1, 0));
                else if (tls) await lab.CertifyAndLinkAsync(i, lab.Broker.Url.ToString());
                else await KioskCliRun.Ok(lab.Data(i), "hub", "link", lab.Broker.Url.ToString());
            }
            return (lab, KioskCliRun.CodesIn(issued.Output));
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Gateway <paramref name="index"/> asks for its broker certificate, the hub issues it, the gateway links with it.</summary>
    private async Task CertifyAndLinkAsync(int index, string broker)
    {
        var name = $"g{index + 1}";
        var ca = Path.Combine(BrokerFolder, "ca.crt");
        await KioskCliRun.Ok(Data(index), "hub", "request", "--ca", ca, "--output", File(name + ".request.json"), "--gateway", name);
        await KioskCliRun.Ok(HubData, "hub", "certify", "--request", File(name + ".request.json"), "--output", File(name + ".crt"));
        await KioskCliRun.Ok(Data(index), "hub", "link", broker, "--ca", ca, "--certificate", File(name + ".crt"), "--gateway", name);
    }

    /// <summary>Gateway <paramref name="index"/>'s TLS to the broker, as its uplink makes it: the issued certificate over its peer certificate's key.</summary>
    public Kiosk.Mesh.BrokerTls GatewayTls(int index)
    {
        var mesh = Path.Combine(Data(index), "mesh");
        using var peer = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(mesh, $"gateway-g{index + 1}.pfx"), null);
        using var issued = X509Certificate2.CreateFromPem(System.IO.File.ReadAllText(Path.Combine(mesh, "uplink.crt")));
        using var key = peer.GetECDsaPrivateKey()!;
        return new Kiosk.Mesh.BrokerTls(issued.CopyWithPrivateKey(key),
            X509Certificate2.CreateFromPem(System.IO.File.ReadAllText(Path.Combine(mesh, "uplink-ca.crt"))));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target, overwrite: true);
        }
    }

    public async Task StartHubAsync() => Hub = await HubProcess.StartAsync(HubData);

    /// <summary>Kills the hub process (SIGKILL: no goodbye, like a power cut).</summary>
    public async Task KillHubAsync()
    {
        if (Hub is { } hub) await hub.DisposeAsync();
        Hub = null;
    }

    public async Task StartAsync(int index) =>
        Gateways[index] = await GatewayProcess.StartAsync($"g{index + 1}", Data(index), $"gateway-g{index + 1}", FreePort.On(IPAddress.Loopback));

    public async Task StopAsync(int index)
    {
        if (Gateways[index] is { } process) await process.DisposeAsync();
        Gateways[index] = null;
    }

    public Task VoteAsync(int index, string code, string option) => KioskVoter.VoteAsync(Gateways[index]!.Kiosk, $"g{index + 1}", code, option);

    /// <summary>Waits until the hub and gateway <paramref name="index"/> report one state hash in status files written after <paramref name="since"/>; returns it.</summary>
    public Task<string> InStepWithHubAsync(int index, DateTimeOffset since) =>
        InStepWithHubAsync(Gateways[index] ?? throw new InvalidOperationException($"g{index + 1} is not running"), since);

    /// <summary>
    /// Waits until the hub and <paramref name="gateway"/> (one of the lab's or another, like a gateway joined from a
    /// bundle) report one state hash in status files written after <paramref name="since"/>; returns it. Each poll
    /// compares with the hub's state as it is then, never a hash read earlier: events keep reaching the hub meanwhile
    /// (the gateway's own, for one). At the deadline the failure shows both states and the gateway's, hub's and broker's logs.
    /// </summary>
    public async Task<string> InStepWithHubAsync(GatewayProcess gateway, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        string hash = "";
        await Poll.UntilAsync(() =>
        {
            var status = gateway.Status;
            var hub = Hub?.Status(Assembly);
            if (status is null || hub is null || status.Written <= since || hub.Written <= since || status.StateHash != hub.StateHash) return false;
            hash = hub.StateHash;
            return true;
        }, () => Describe(gateway, gateway.Name), TimeSpan.FromSeconds(120));
        return hash;
    }

    /// <summary>Waits until gateway <paramref name="index"/>'s ledger counts <paramref name="counted"/> votes of <paramref name="ballot"/> (a vote enters the ledger just after its receipt).</summary>
    public Task CountedAsync(int index, string ballot, int counted) =>
        Poll.UntilAsync(async () => System.Text.Json.JsonDocument.Parse(await ResultsAsync(index, ballot)).RootElement[0].GetProperty("counted").GetInt32() == counted,
            () => $"g{index + 1} does not count {counted} votes of {ballot}\n{Describe(index)}", TimeSpan.FromSeconds(60));

    /// <summary>Gateway <paramref name="index"/>'s facilitators write <paramref name="count"/> notices while it is offline (straight into its ledger file).</summary>
    public async Task WriteNoticesAsync(int index, int count)
    {
        await using (var ledger = Kiosk.Ledger.Ledger.Open(Path.Combine(Data(index), "ledger.db"), new Kiosk.Ledger.LedgerOptions { Kinds = Kiosk.Voting.Ballots.VotingKinds.CreateRegistry() }))
        {
            using var founder = Kiosk.Ledger.KeyFile.Read(Path.Combine(Data(index), "keys", "founder.key"));
            var appends = Enumerable.Range(0, count).Select(i => ledger.AppendAsync(founder, Kiosk.Voting.Ballots.VotingKinds.NoticePosted,
                Kiosk.Ledger.Bodies.BodyJson.Write(new Kiosk.Voting.Ballots.NoticePostedBody($"n{i}", new() { ["en"] = $"Notice {i}" }, new() { ["en"] = "The bins go out on Tuesday." }))));
            Assert.All(await Task.WhenAll(appends), r => Assert.True(r.IsCommitted, r.Rejection?.ToString()));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>The results of <paramref name="ballot"/> computed from gateway <paramref name="index"/>'s folder (JSON).</summary>
    public async Task<string> ResultsAsync(int index, string ballot) => (await KioskCliRun.Ok(Data(index), "results", "--ballot", ballot, "--json")).Output;

    private string Describe(int index) => Describe(Gateways[index], $"g{index + 1}");

    /// <summary>The gateway's and the hub's state and peers, then the tails of the gateway's, hub's and broker's logs: what a failed wait shows.</summary>
    public string Describe(GatewayProcess? gateway, string name)
    {
        var status = gateway?.Status;
        var hub = Hub?.Status(Assembly);
        return $"{name}: {status?.Events} events, state {status?.StateHash}, peers {string.Join(", ", status?.Peers.Select(p => $"{p.Name} {(p.Connected ? "up" : "down")} {p.LastProblem}") ?? [])}\n"
            + $"hub: {hub?.Events} events, state {hub?.StateHash}, peers {string.Join(", ", hub?.Peers.Select(p => $"{p.Name} {(p.Connected ? "up" : "down")} {p.LastProblem}") ?? [])}\n"
            + $"--- {name} ---\n{Tail(gateway?.Output)}\n--- hub ---\n{Tail(Hub?.Output)}\n--- broker ---\n{Tail(Broker?.Output ?? Nats?.Output)}";
    }

    /// <summary>The last 3,000 characters of <paramref name="text"/> (a failure message's evidence), all of a shorter one.</summary>
    internal static string Tail(string? text) => text is null ? "(not running)" : text.Length > 3000 ? text[^3000..] : text;

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in Gateways) if (gateway is not null) await gateway.DisposeAsync();
        if (Hub is not null) await Hub.DisposeAsync();
        if (Broker is not null) await Broker.DisposeAsync();
        if (Nats is not null) await Nats.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
