using Kiosk.Gateway.Host;
using Kiosk.Voting.Presence;

namespace Kiosk.Gateway.Web;

/// <summary>Presence at the meetings still running, from the ledger's presence events (for the board's line and the console's list).</summary>
public static class PresenceView
{
    /// <summary>Each opened meeting that has not ended, with who is present and whether it is quorate.</summary>
    public static IReadOnlyList<MeetingPresence> Running(GatewayContext gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var projection = PresenceProjection.Build(gateway.Ledger.ReadApplied(PresenceKinds.MeetingOpened, PresenceKinds.PresenceRecorded, PresenceKinds.MeetingEnded));
        return projection.Meetings.Select(projection.Of).Where(m => !m.Ended).ToList();
    }
}
