using Kiosk.Gateway.Data;
using System.Net;
using Kiosk.Devices;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Runs the devices side of the gateway (Kiosk.Devices <see cref="DeviceGateway"/>: MQTT broker for the wireless buttons,
/// the current-ballot publisher) in the same host as the web surfaces, sharing its ledger and voting desk. Started when
/// <see cref="GatewayOptions.DeviceBrokerPort"/> is set.
/// </summary>
public sealed class DeviceBrokerService(GatewayContext context, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private DeviceGateway? _devices;

    /// <summary>The broker's <c>mqtt://</c> address once started.</summary>
    public Uri? BrokerUri => _devices?.BrokerUri;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        if (options.DeviceBrokerPort is not { } port) return;
        _devices = await DeviceGateway.StartAsync(new DeviceGatewayOptions
        {
            Ledger = context.Ledger,
            GatewayKey = context.GatewayKey,
            Desk = context.Desk,
            RegistryPath = DeviceFiles.RegistryPath(context.Data),
            Broker = new DeviceBrokerOptions { Address = IPAddress.Parse(options.DeviceBrokerAddress), Port = port },
            LoggerFactory = loggers,
        });
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
