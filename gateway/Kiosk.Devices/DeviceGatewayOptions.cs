using Kiosk.Ledger;
using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Logging;

namespace Kiosk.Devices;

/// <summary>What <see cref="DeviceGateway"/> needs: the ledger, this gateway's key, the registry file, the broker settings.</summary>
public sealed class DeviceGatewayOptions
{
    /// <summary>The gateway's ledger (founded; this gateway enrolled in it).</summary>
    public required Kiosk.Ledger.Ledger Ledger { get; init; }

    /// <summary>This gateway's key: the author of the VoteCast events.</summary>
    public required AuthorKeyPair GatewayKey { get; init; }

    /// <summary>The device registry file (<c>devices.db</c> in the data folder).</summary>
    public required string RegistryPath { get; init; }

    /// <summary>An existing voting desk of the same gateway (the web host's), so both share one projection; else one is made.</summary>
    public VotingDesk? Desk { get; init; }

    /// <summary>The broker's listeners.</summary>
    public DeviceBrokerOptions Broker { get; init; } = new();

    /// <summary>Where log lines go.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
