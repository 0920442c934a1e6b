using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiosk.Devices;

/// <summary>
/// The devices side of a gateway in one object: the registry of device secrets, the voting desk, the MQTT broker and the
/// current-ballot publisher. <c>kiosk run</c>, <c>kiosk demo</c> and <c>kiosk device serve</c> start one with
/// <see cref="StartAsync"/> and read <see cref="BrokerUri"/>.
/// </summary>
public sealed class DeviceGateway : IAsyncDisposable
{
    private readonly CurrentBallotPublisher _publisher;

    private DeviceGateway(DeviceRegistry registry, VotingDesk desk, DeviceBroker broker, CurrentBallotPublisher publisher, DeviceTopics topics)
    {
        Registry = registry;
        Desk = desk;
        Broker = broker;
        _publisher = publisher;
        Topics = topics;
    }

    /// <summary>The device secrets and replay counters.</summary>
    public DeviceRegistry Registry { get; }

    /// <summary>The voting desk votes go through.</summary>
    public VotingDesk Desk { get; }

    /// <summary>The broker.</summary>
    public DeviceBroker Broker { get; }

    /// <summary>The topics of this assembly.</summary>
    public DeviceTopics Topics { get; }

    /// <summary><c>mqtt://address:port</c>.</summary>
    public Uri BrokerUri => Broker.Uri;

    /// <summary>What the buttons are shown now.</summary>
    public CurrentBallot? CurrentBallot => _publisher.Current;

    /// <summary>Counters of votes and refusals.</summary>
    public DeviceBrokerMetrics Metrics => Broker.Metrics;

    /// <summary>Opens the registry, starts the broker and publishes the current ballot.</summary>
    public static async Task<DeviceGateway> StartAsync(DeviceGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var assembly = options.Ledger.Assembly?.ToString() ?? throw new InvalidOperationException("the ledger has no genesis yet: found or import the assembly first");
        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var registry = DeviceRegistry.Open(options.RegistryPath);
        var desk = options.Desk ?? new VotingDesk(options.Ledger, options.GatewayKey);
        var topics = new DeviceTopics(assembly);
        var presses = new DevicePresses(desk, registry, assembly, loggers.CreateLogger("Kiosk.Devices.DevicePresses"));
        var broker = new DeviceBroker(options.Broker, registry, presses, topics, loggers.CreateLogger("Kiosk.Devices.DeviceBroker"));
        await broker.StartAsync();
        var publisher = new CurrentBallotPublisher(options.Ledger, desk, broker.PublishCurrentBallotAsync, loggers.CreateLogger("Kiosk.Devices.CurrentBallot"));
        await publisher.StartAsync();
        return new DeviceGateway(registry, desk, broker, publisher, topics);
    }

    /// <summary>Stops publishing and listening (presses in flight answer first) and closes the registry.</summary>
    public async Task StopAsync()
    {
        await _publisher.DisposeAsync();
        await Broker.DisposeAsync();
        await Registry.DisposeAsync();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync());
}
