using System.Net;
using Kiosk.Devices;
using Kiosk.Devices.Peers;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Mesh.Peers;
using Kiosk.Voting.Ballots;

namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// Gateways of one assembly in this process, each with its own SQLite ledger, TLS certificate, device broker (peer
/// listener on a free 127.0.0.1 port) and mesh node: the real protocol over real TLS, without separate processes.
/// The founder's ledger enrols every gateway; the others start from a copy of its events (as kiosk import would).
/// </summary>
public sealed class MeshCluster : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    public AuthorKeyPair Founder { get; } = AuthorKeyPair.Generate();
    public AuthorKeyPair Facilitator { get; } = AuthorKeyPair.Generate();
    public List<MeshGateway> Gateways { get; } = [];
    public ListLogger Log { get; } = new();
    public string Folder => _folder.Path;

    /// <summary>Live events a link queues before it falls back to catch-up (small in tests of that fall-back).</summary>
    public int LiveQueueLimit { get; set; } = 4096;

    /// <summary>The caps and CONNECT deadline of every gateway's peer listener (tests of the listener guard set them).</summary>
    public Kiosk.Devices.Guard.ConnectionLimits Limits { get; set; } = new();

    /// <summary>The clock of the peer listeners' CONNECT deadline.</summary>
    public TimeProvider BrokerTime { get; set; } = TimeProvider.System;

    public MeshGateway this[int index] => Gateways[index];

    /// <summary>Founds an assembly with <paramref name="count"/> enrolled gateways (plus <paramref name="extraKeys"/> enrolled but not running).</summary>
    public static async Task<MeshCluster> CreateAsync(int count, params AuthorKeyPair[] extraKeys)
    {
        var cluster = new MeshCluster();
        var keys = Enumerable.Range(0, count).Select(_ => AuthorKeyPair.Generate()).ToList();
        var origin = Kiosk.Ledger.Ledger.Open(cluster._folder.File("origin.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        await using (origin)
        {
            Assert.True((await origin.FoundAsync(cluster.Founder, "Mesh test assembly", ["en"])).IsCommitted);
            await Write(origin, cluster.Founder, EventKinds.FacilitatorAdded, new FacilitatorAddedBody(cluster.Facilitator.PublicKey.ToHex(), "Facilitator"));
            foreach (var (key, i) in keys.Concat(extraKeys).Select((k, i) => (k, i)))
                await Write(origin, cluster.Facilitator, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(key.PublicKey.ToHex(), $"gateway-{i + 1}"));
            var events = origin.ReadAll().Select(e => e.Raw).ToList();
            for (var i = 0; i < count; i++)
            {
                var ledger = Kiosk.Ledger.Ledger.Open(cluster._folder.File($"g{i + 1}.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
                Assert.All(await ledger.ReceiveAsync(events), r => Assert.True(r.IsAccepted, r.ToString()));
                cluster.Gateways.Add(new MeshGateway(cluster, $"g{i + 1}", ledger, keys[i]));
            }
        }
        return cluster;
    }

    public static async Task<LedgerEvent> Write<T>(Kiosk.Ledger.Ledger ledger, AuthorKeyPair author, string kind, T body) where T : ICheckedBody
    {
        var result = await ledger.AppendAsync(author, kind, BodyJson.Write(body));
        Assert.True(result.IsCommitted, $"{kind} refused: {result.Rejection}");
        return result.Event!;
    }

    /// <summary>Starts every gateway; <paramref name="links"/> are (dialler, accepter) index pairs.</summary>
    public async Task StartAsync(params (int From, int To)[] links)
    {
        foreach (var g in Gateways) await g.StartBrokerAsync();
        foreach (var (i, g) in Gateways.Select((g, i) => (i, g)))
            g.StartMesh([.. links.Where(l => l.From == i).Select(l => new PeerEntry(Gateways[l.To].Name, Gateways[l.To].PeerUrl))]);
    }

    /// <summary>Waits until every gateway holds the same state.</summary>
    public Task ConvergedAsync(TimeSpan? deadline = null) => Poll.UntilAsync(
        () => Gateways.Select(g => g.Ledger.StateHash()).Distinct().Count() == 1,
        () => string.Join("; ", Gateways.Select(g => $"{g.Name}: {g.Ledger.Vector.TotalEvents} events {g.Ledger.StateHash().ShortHex}")) + "\n" + Log, deadline);

    public async ValueTask DisposeAsync()
    {
        foreach (var g in Gateways) await g.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>One in-process gateway of a <see cref="MeshCluster"/>.</summary>
public sealed class MeshGateway(MeshCluster cluster, string name, Kiosk.Ledger.Ledger ledger, AuthorKeyPair key) : IAsyncDisposable
{
    private DeviceGateway? _devices;

    public string Name { get; } = name;
    public Kiosk.Ledger.Ledger Ledger { get; } = ledger;
    public AuthorKeyPair Key { get; } = key;
    public System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate { get; } =
        PeerCertificate.LoadOrCreate(Path.Combine(cluster.Folder, name + ".pfx"), key.PublicKey);
    public MeshNode Node { get; private set; } = null!;
    public int PeerPort { get; private set; }
    public DeviceBroker Broker => _devices!.Broker;
    public Uri PeerUrl => new($"mqtts://127.0.0.1:{PeerPort}");

    public async Task StartBrokerAsync()
    {
        // The node exists before its broker starts (the broker hands it connections); it runs once its peers are known.
        Node = new MeshNode(new MeshOptions
        {
            Ledger = Ledger, GatewayKey = Key, Certificate = Certificate, LoggerFactory = cluster.Log,
            RedialInitial = TimeSpan.FromMilliseconds(200), RedialMaximum = TimeSpan.FromSeconds(2),
            LiveQueueLimit = cluster.LiveQueueLimit,
        });
        _devices = await DeviceGateway.StartAsync(new DeviceGatewayOptions
        {
            Ledger = Ledger, GatewayKey = Key, RegistryPath = Path.Combine(cluster.Folder, Name + "-devices.db"), LoggerFactory = cluster.Log,
            Broker = new DeviceBrokerOptions
            {
                Port = -1, Limits = cluster.Limits, Time = cluster.BrokerTime,
                Peers = new PeerListenerOptions { Address = IPAddress.Loopback, Port = 0, Certificate = Certificate, Clients = Node.Clients },
            },
        });
        PeerPort = _devices.Broker.PeerPort;
    }

    public void StartMesh(IReadOnlyList<PeerEntry> peers)
    {
        foreach (var peer in peers) Node.Dial(peer);
        Node.Start();
    }

    public Task<LedgerEvent> Write<T>(AuthorKeyPair author, string kind, T body) where T : ICheckedBody => MeshCluster.Write(Ledger, author, kind, body);

    public async ValueTask DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        if (_devices is not null) await _devices.DisposeAsync();
        await Ledger.DisposeAsync();
        Key.Dispose();
        Certificate.Dispose();
    }
}
