using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// Which of the ledger's refusals count against the peer that relayed an event. A relay needs no authority (anyone may
/// relay, nobody can forge), so only what no honest relay would send counts: bytes that are not an event of this
/// assembly, or whose signature or body is wrong. Gaps, forks, duplicates, unknown (newer) kinds and pending quotas are
/// facts about the event's author or the timing, not about the relay.
/// </summary>
public static class RefusalPolicy
{
    /// <summary>True when relaying an event refused for <paramref name="reason"/> counts against the peer.</summary>
    public static bool CountsAgainstPeer(RejectReason reason) => reason is RejectReason.Malformed or RejectReason.Oversize
        or RejectReason.WrongAssembly or RejectReason.BadSignature or RejectReason.MalformedBody or RejectReason.BadGenesis;
}
