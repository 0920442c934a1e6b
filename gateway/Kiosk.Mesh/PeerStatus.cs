using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh;

/// <summary>
/// One peer as this gateway sees it now: configured or only accepted, connected or not, since when, last contact, how
/// far apart the two ledgers are (from the peer's last <c>have</c>), whether it is in step (same state hash), counters,
/// the last problem (a refused dial, a refusal it caused), and until when it is shut out.
/// </summary>
public sealed record PeerStatus
{
    /// <summary>The peer gateway's key (null for a configured peer never reached).</summary>
    public Bytes32? Key { get; init; }

    /// <summary>The configured name, else the gateway's enrolled name.</summary>
    public required string Name { get; init; }

    /// <summary>The configured address (null for a peer that only dials in).</summary>
    public Uri? Url { get; init; }

    /// <summary>True while a link is up.</summary>
    public bool Connected { get; init; }

    /// <summary>Which side dialled the current (or last) link.</summary>
    public LinkDirection? Direction { get; init; }

    /// <summary>When the current link came up.</summary>
    public DateTimeOffset? ConnectedSince { get; init; }

    /// <summary>When the peer last sent anything.</summary>
    public DateTimeOffset? LastContact { get; init; }

    /// <summary>Events the peer holds that this gateway lacks (per its last have).</summary>
    public long EventsBehind { get; init; }

    /// <summary>Events this gateway holds that the peer lacks (per its last have).</summary>
    public long EventsAhead { get; init; }

    /// <summary>True when the peer's last have carries this gateway's current state hash.</summary>
    public bool InStep { get; init; }

    /// <summary>The peer's state hash from its last have.</summary>
    public Bytes32? StateHash { get; init; }

    /// <summary>The counters.</summary>
    public required LinkMetrics Metrics { get; init; }

    /// <summary>The last thing that went wrong with this peer, in words.</summary>
    public string? LastProblem { get; init; }

    /// <summary>Until when the peer is shut out (after too many refused events).</summary>
    public DateTimeOffset? BannedUntil { get; init; }
}
