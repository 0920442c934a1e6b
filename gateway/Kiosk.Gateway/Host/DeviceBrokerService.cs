using Kiosk.Gateway.Data;
using System.Net;
using Kiosk.Devices;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Runs the devices side of the gateway (Kiosk.Devices <see cref="DeviceGateway"/>: MQTT broker for the wireless buttons,
/// the current-ballot publisher) in the same host as the web surfaces, sharing its ledger and voting desk. Started when
/// <see cref="GatewayOptions.DeviceBrokerPort"/> is set, or the mesh (<see cref="MeshService"/>) needs the broker's peer listener.
/// </summary>
public sealed class DeviceBrokerService(GatewayContext context, MeshService mesh, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private DeviceGateway? _devices;

    /// <summary>The broker's <c>mqtt://</c> address once started (null without a device listener).</summary>
    public Uri? BrokerUri => _devices is { Broker.Port: >= 0 } devices ? devices.BrokerUri : null;

    /// <summary>The broker's counters while it runs.</summary>
    public DeviceBrokerMetrics? Metrics => _devices?.Metrics;

    /// <summary>True while the broker runs.</summary>
    public bool Running => _devices is not null;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        if (options.DeviceBrokerPort is not { } port && mesh.Listener is null) return;
        _devices = await DeviceGateway.StartAsync(new DeviceGatewayOptions
        {
            Ledger = context.Ledger,
            GatewayKey = context.GatewayKey,
            Desk = context.Desk,
            RegistryPath = DeviceFiles.RegistryPath(context.Data),
            Broker = new DeviceBrokerOptions { Address = IPAddress.Parse(options.DeviceBrokerAddress), Port = options.DeviceBrokerPort ?? -1, Peers = mesh.Listener },
            LoggerFactory = loggers,
        });
        if (mesh.Listener is { } peers) mesh.PeerUri = new Uri($"mqtts://{peers.Address}:{_devices.Broker.PeerPort}");
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var devices = Interlocked.Exchange(ref _devices, null);
        if (devices is not null) await devices.DisposeAsync();
    }
}
