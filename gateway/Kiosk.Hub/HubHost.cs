using Kiosk.Ledger;
using Kiosk.Mesh;
using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiosk.Hub;

/// <summary>
/// The running hub: every assembly of its database that has its genesis is opened as a ledger (PostgreSQL store, the
/// gateway's own checks and rules) and replicated with the mesh protocol through the shared broker, with every enrolled
/// gateway and hub of that assembly that shows up there; assemblies imported while it runs are picked up within
/// <see cref="HubOptions.AssemblyScanInterval"/>. No kiosk, no buttons, no GPIO.
/// </summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<(Kiosk.Ledger.Ledger Ledger, MeshNode Node)> _assemblies = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _log;
    private readonly Broker.IBrokerAccessKeeper? _acl;
    private Task? _scanner;
    private Task? _aclLoop;

    private HubHost(HubOptions options)
    {
        Options = options;
        _log = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Kiosk.Hub");
        if (options.NatsUsersFile is { } users) _acl = new Broker.NatsPermissionKeeper(users, options.NatsPidFiles, options.HubKey.PublicKey, _log);
        else if (options.Broker.Scheme == "mqtts" && options.BrokerTls is { } tls) _acl = new Broker.BrokerAclKeeper(options.Broker, tls, options.HubKey.PublicKey, _log);
    }

    /// <summary>The options.</summary>
    public HubOptions Options { get; }

    /// <summary>
    /// Opens and starts replicating every assembly the database holds a genesis of; then looks again every
    /// <see cref="HubOptions.AssemblyScanInterval"/> for assemblies added since.
    /// </summary>
    public static async Task<HubHost> StartAsync(HubOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = new HubHost(options);
        try
        {
            await host.ScanAsync(cancellationToken).ConfigureAwait(false);
            host._scanner = host.ScanLoopAsync(host._stopping.Token);
            if (host._acl is not null) host._aclLoop = host.AclLoopAsync(host._stopping.Token);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ScanLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.AssemblyScanInterval, Options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await ScanAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidDataException or InvalidOperationException)
                {
                    _log.LogWarning("Hub: cannot look for new assemblies: {Problem}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Compares the enrolments with the broker's ACLs every <see cref="HubOptions.AclInterval"/>; brings them in step when they differ.</summary>
    private async Task AclLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.AclInterval, Options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) await SyncAclAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Gives the broker one role per enrolled gateway and hub of each served assembly, and removes the others (when the hub manages the broker's ACLs).</summary>
    private async Task SyncAclAsync(CancellationToken cancellationToken)
    {
        if (_acl is null) return;
        Kiosk.Ledger.Ledger[] ledgers;
        lock (_lock) ledgers = [.. _assemblies.Select(a => a.Ledger)];
        var desired = Broker.BrokerAcl.Desired(ledgers.Select(l => (l.Assembly!.Value, l.Authority)));
        if (!_acl.InStep(desired)) await _acl.SyncAsync(desired, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts serving the assemblies with a genesis that are not served yet.</summary>
    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var options = Options;
        var started = new List<(Kiosk.Ledger.Ledger Ledger, MeshNode Node)>();
        foreach (var assembly in await options.Database.AssembliesAsync(cancellationToken).ConfigureAwait(false))
        {
            lock (_lock)
                if (_assemblies.Any(a => a.Ledger.Assembly == assembly)) continue;
            var ledger = options.Database.OpenLedger(assembly, new LedgerOptions { Kinds = VotingKinds.CreateRegistry(), Time = options.Time });
            if (ledger.Assembly is null)
            {
                await ledger.DisposeAsync().ConfigureAwait(false);
                continue;
            }
            if (ledger.Authority.RoleOf(options.HubKey.PublicKey) != Role.Hub)
                _log.LogWarning("Hub: this hub's key {Key} is not enrolled as a hub in assembly {Assembly}: its gateways will not link with it", options.HubKey.PublicKey.ShortHex, assembly);
            var node = new MeshNode(new MeshOptions
            {
                Ledger = ledger,
                GatewayKey = options.HubKey,
                Certificate = options.Certificate,
                LoggerFactory = options.LoggerFactory,
                Time = options.Time,
                RedialMaximum = TimeSpan.FromSeconds(30),
            });
            int served;
            lock (_lock) served = _assemblies.Count;
            node.UseBroker(SpreadStart([options.Broker, .. options.OtherBrokerNodes], served), BrokerPeers.GatewaysAndHubs, options.BrokerTls);
            // Federation: on another co-op's broker this hub is a client that links with the assembly's hubs only.
            foreach (var peer in options.Federation.Where(p => p.Assembly == assembly))
            {
                node.UseBroker(peer.Broker, BrokerPeers.Hubs, peer.Tls);
                _log.LogInformation("Hub: assembly {Assembly} is federated through {Broker}", assembly, peer.Broker.Authority);
            }
            lock (_lock) _assemblies.Add((ledger, node));
            started.Add((ledger, node));
        }
        // The broker lets the hub's own connections in only once its roles are there: ACLs first, then the nodes.
        if (started.Count > 0) await SyncAclAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (ledger, node) in started)
        {
            node.Start();
            _log.LogInformation("Hub: serving assembly {Assembly} ({Events} events) through {Broker}", ledger.Assembly, ledger.Vector.TotalEvents, options.Broker);
        }
    }

    /// <summary>
    /// The broker's nodes in the order the <paramref name="index"/>-th served assembly dials them: starting at node
    /// (index mod n), so a hub's connections (one per assembly) spread over a cluster's nodes instead of all loading
    /// the first; each still moves on to the next node when its own fails. The first assembly starts on the first URL.
    /// </summary>
    internal static IReadOnlyList<Uri> SpreadStart(IReadOnlyList<Uri> nodes, int index) =>
        [.. Enumerable.Range(0, nodes.Count).Select(i => nodes[(index + i) % nodes.Count])];

    /// <summary>The ledgers of the assemblies served now (read them; the mesh writes them).</summary>
    public IReadOnlyList<Kiosk.Ledger.Ledger> Ledgers()
    {
        lock (_lock) return [.. _assemblies.Select(a => a.Ledger)];
    }

    /// <summary>Each served assembly now: its state and the peers linked with it.</summary>
    public IReadOnlyList<HubAssemblyStatus> Status()
    {
        (Kiosk.Ledger.Ledger Ledger, MeshNode Node)[] served;
        lock (_lock) served = [.. _assemblies];
        return [.. served.Select(a => new HubAssemblyStatus(a.Ledger.Assembly!.Value, a.Node.Status()))];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_scanner is not null) await _scanner.ConfigureAwait(false);
        if (_aclLoop is not null) await _aclLoop.ConfigureAwait(false);
        if (_acl is not null) await _acl.DisposeAsync().ConfigureAwait(false);
        (Kiosk.Ledger.Ledger Ledger, MeshNode Node)[] served;
        lock (_lock)
        {
            served = [.. _assemblies];
            _assemblies.Clear();
        }
        foreach (var (ledger, node) in served)
        {
            await node.DisposeAsync().ConfigureAwait(false);
            await ledger.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }
}
