using Kiosk.Ledger;

namespace Kiosk.Hub.Broker;

/// <summary>
/// Keeps a broker's per-node access in step with the hub's enrolments: Mosquitto's dynamic-security roles
/// (<see cref="BrokerAclKeeper"/>) or a NATS cluster's users file (<see cref="NatsPermissionKeeper"/>).
/// </summary>
public interface IBrokerAccessKeeper : IAsyncDisposable
{
    /// <summary>True when the broker holds exactly <paramref name="desired"/>'s access (as far as this keeper knows).</summary>
    bool InStep(IReadOnlyDictionary<string, (AssemblyId Assembly, Bytes32 Node)> desired);

    /// <summary>Brings the broker to <paramref name="desired"/> (<see cref="BrokerAcl.Desired"/>); false (logged) when it could not.</summary>
    Task<bool> SyncAsync(IReadOnlyDictionary<string, (AssemblyId Assembly, Bytes32 Node)> desired, CancellationToken cancellationToken);
}
