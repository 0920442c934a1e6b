using Kiosk.Ledger;
using Kiosk.Mesh;
using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiosk.Hub;

/// <summary>
/// The running hub: every assembly of its database that has its genesis is opened as a ledger (PostgreSQL store, the
/// gateway's own checks and rules) and replicated with the mesh protocol through the shared broker, with every enrolled
/// gateway and hub of that assembly that shows up there. No kiosk, no buttons, no GPIO.
/// </summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly List<(Kiosk.Ledger.Ledger Ledger, MeshNode Node)> _assemblies = [];

    private HubHost(HubOptions options) => Options = options;

    /// <summary>The options.</summary>
    public HubOptions Options { get; }

    /// <summary>Opens and starts replicating every assembly the database holds a genesis of.</summary>
    public static async Task<HubHost> StartAsync(HubOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Kiosk.Hub");
        var host = new HubHost(options);
        try
        {
            foreach (var assembly in await options.Database.AssembliesAsync(cancellationToken).ConfigureAwait(false))
            {
                var ledger = options.Database.OpenLedger(assembly, new LedgerOptions { Kinds = VotingKinds.CreateRegistry(), Time = options.Time });
                if (ledger.Assembly is null)
                {
                    log.LogWarning("Hub: assembly {Assembly} has no genesis yet; import its ledger (kiosk hub import)", assembly);
                    await ledger.DisposeAsync().ConfigureAwait(false);
                    continue;
                }
                if (ledger.Authority.RoleOf(options.HubKey.PublicKey) != Role.Hub)
                    log.LogWarning("Hub: this hub's key {Key} is not enrolled as a hub in assembly {Assembly}: its gateways will not link with it", options.HubKey.PublicKey.ShortHex, assembly);
                var node = new MeshNode(new MeshOptions
                {
                    Ledger = ledger,
                    GatewayKey = options.HubKey,
                    Certificate = options.Certificate,
                    LoggerFactory = options.LoggerFactory,
                    Time = options.Time,
                    RedialMaximum = TimeSpan.FromSeconds(30),
                });
                node.UseBroker(options.Broker, BrokerPeers.GatewaysAndHubs);
                host._assemblies.Add((ledger, node));
                node.Start();
                log.LogInformation("Hub: serving assembly {Assembly} ({Events} events) through {Broker}", assembly, ledger.Vector.TotalEvents, options.Broker);
            }
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Each served assembly now: its state and the peers linked with it.</summary>
    public IReadOnlyList<HubAssemblyStatus> Status() =>
        [.. _assemblies.Select(a => new HubAssemblyStatus(a.Ledger.Assembly!.Value, a.Node.Status()))];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var (ledger, node) in _assemblies)
        {
            await node.DisposeAsync().ConfigureAwait(false);
            await ledger.DisposeAsync().ConfigureAwait(false);
        }
        _assemblies.Clear();
    }
}
