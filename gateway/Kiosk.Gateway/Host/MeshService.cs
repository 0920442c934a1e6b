using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Devices.Peers;
using Kiosk.Gateway.Data;
using Kiosk.Mesh;
using Kiosk.Mesh.Discovery;
using Kiosk.Mesh.Peers;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Runs the mesh (Kiosk.Mesh <see cref="MeshNode"/>) in the gateway's host: it makes (on first run) and loads this
/// gateway's TLS certificate, hands the device broker its peer listener (<see cref="Listener"/>), dials every peer of
/// <c>mesh/peers.json</c> and those discovery finds on the LAN (<see cref="GatewayOptions.Discovery"/>), and rewrites
/// <c>mesh/status.json</c> every second (telling open pages when what they show of the mesh changed). Runs when
/// <see cref="GatewayOptions.PeerPort"/> is set.
/// </summary>
public sealed class MeshService : IHostedService, IAsyncDisposable
{
    /// <summary>How often the status file is rewritten.</summary>
    public static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);

    private readonly GatewayContext _context;
    private readonly ILoggerFactory _loggers;
    private readonly X509Certificate2? _certificate;
    private CancellationTokenSource? _stopping;
    private Task? _statusLoop;
    private string? _view;
    private MeshDiscovery? _discovery;

    /// <summary>Prepares the node (before the broker starts, which hands it connections).</summary>
    public MeshService(GatewayContext context, ILoggerFactory loggers)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _loggers = loggers ?? throw new ArgumentNullException(nameof(loggers));
        var options = context.Options;
        if (options.PeerPort is not { } port) return;
        var data = context.Data;
        var book = PeerBook.Load(data.PeersPath, out var problem) ?? throw new UserErrorException(problem!);
        _certificate = PeerCertificate.LoadOrCreate(data.PeerCertificatePath(options.GatewayKeyName), context.GatewayKey.PublicKey);
        Node = new MeshNode(new MeshOptions
        {
            Ledger = context.Ledger,
            GatewayKey = context.GatewayKey,
            Certificate = _certificate,
            Peers = book.Peers,
            RedialMaximum = options.PeerRedialMaximum,
            LoggerFactory = loggers,
        });
        // The co-op hub's broker, when kiosk hub link named one: an uplink to hubs only, beside the direct peers.
        if (HubSettings.Read(data.UplinkPath) is { Broker: var broker } uplink)
            Node.UseBroker(HubSettings.ParseBrokers(broker), BrokerPeers.Hubs, uplink.LoadTls(data.UplinkPath, context.GatewayKey.PublicKey, _certificate));
        Listener = new PeerListenerOptions { Address = IPAddress.Parse(options.PeerAddress), Port = port, Certificate = _certificate, Clients = Node.Clients };
    }

    /// <summary>The node, when the mesh runs.</summary>
    public MeshNode? Node { get; }

    /// <summary>The broker's peer listener, when the mesh runs.</summary>
    public PeerListenerOptions? Listener { get; }

    /// <summary>The listener's address once the broker started it (set by <see cref="DeviceBrokerService"/>).</summary>
    public Uri? PeerUri { get; internal set; }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Node is null) return Task.CompletedTask;
        Node.Start();
        if (_context.Options.Discovery && PeerUri is { } listening)
        {
            // Started after the broker (GatewayModules), so the port is the one it listens on.
            _discovery = new MeshDiscovery(Node, new IPEndPoint(Listener!.Address, listening.Port), _loggers);
            try
            {
                _discovery.Start();
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or System.Net.NetworkInformation.NetworkInformationException)
            {
                _loggers.CreateLogger("Kiosk.Mesh.Discovery").LogWarning("Mesh: discovery cannot start ({Message}); dialling only the configured peers", e.Message);
                _discovery.Dispose();
                _discovery = null;
            }
        }
        _stopping = new CancellationTokenSource();
        _statusLoop = WriteStatusAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task WriteStatusAsync(CancellationToken cancellationToken)
    {
        var log = _loggers.CreateLogger("Kiosk.Mesh.Status");
        using var timer = new PeriodicTimer(StatusInterval);
        try
        {
            do WriteStatus(log);
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void WriteStatus(ILogger log, bool tellPages = true)
    {
        var status = Node!.Status();
        // Pages showing the mesh (the board's "in step with N of M", the console's mesh page) refresh when what they say
        // changes without a commit here: a link came or went, or another gateway reached this one's state.
        var view = $"{status.InStepWith}/{status.Gateways}/{string.Join(',', status.Peers.Select(p => p.Connected ? 1 : 0))}/{string.Join(',', status.Members.Select(m => m.InStep ? 1 : 0))}";
        if (Interlocked.Exchange(ref _view, view) is { } before && before != view && tellPages) _context.Live.Changed();
        try
        {
            MeshStatusFile.From(status, DateTimeOffset.UtcNow, PeerUri).Write(_context.Data.MeshStatusPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Mesh: cannot write {Path}: {Message}", _context.Data.MeshStatusPath, e.Message);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var stopping = Interlocked.Exchange(ref _stopping, null);
        if (stopping is null) return;
        await stopping.CancelAsync();
        if (_statusLoop is not null) await _statusLoop;
        stopping.Dispose();
        _discovery?.Dispose();
        await Node!.DisposeAsync();
        WriteStatus(_loggers.CreateLogger("Kiosk.Mesh.Status"), tellPages: false); // the last word, every link down (pages are gone by now)
        _certificate?.Dispose();
    }
}
