using Kiosk.Ledger;

namespace Kiosk.Mesh;

/// <summary>
/// The mesh as this gateway sees it: its own state, each peer, and "in step with N of M gateways": of the active
/// gateways enrolled in the assembly, this one included (M), how many are known to hold exactly this gateway's state (N;
/// this one always does). Gateways that are not direct peers are known through the state statements peers relay.
/// </summary>
public sealed record MeshStatus
{
    /// <summary>This gateway's key.</summary>
    public required Bytes32 Node { get; init; }

    /// <summary>This gateway's state hash (as last published in its have).</summary>
    public required Bytes32 StateHash { get; init; }

    /// <summary>Events held here.</summary>
    public long Events { get; init; }

    /// <summary>Peers: configured ones first, then those that dialled in.</summary>
    public required IReadOnlyList<PeerStatus> Peers { get; init; }

    /// <summary>Gateways known to hold this gateway's state, this one included (N).</summary>
    public int InStepWith { get; init; }

    /// <summary>Active gateways enrolled in the assembly, this one included (M).</summary>
    public int Gateways { get; init; }

    /// <summary>Each active gateway: in step or not, its state as last heard.</summary>
    public IReadOnlyList<MeshMember> Members { get; init; } = [];

    /// <summary>Refused peer connections (every one logged with its reason).</summary>
    public long RefusedConnections { get; init; }

    /// <summary>
    /// Why this gateway writes nothing now — its own feed or its ballot box's is rolled back (longer at a peer, or per its
    /// head record, than here) or forked — or null when it writes as usual.
    /// </summary>
    public string? Recovering { get; init; }

    /// <summary>The feeds written here that end before their head record (own feeds waiting for their events to come back).</summary>
    public IReadOnlyList<RolledBackFeed> RolledBack { get; init; } = [];
}
