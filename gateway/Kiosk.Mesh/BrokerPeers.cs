namespace Kiosk.Mesh;

/// <summary>Whom a node links with through a shared broker (<see cref="MeshNode.UseBroker(System.Uri, BrokerPeers, BrokerTls?)"/>).</summary>
public enum BrokerPeers
{
    /// <summary>A gateway's uplink: only hubs. Gateways on the same broker meet through the hub, never directly.</summary>
    Hubs,

    /// <summary>A hub: every enrolled gateway and hub of the assembly that shows up on the broker.</summary>
    GatewaysAndHubs,
}
