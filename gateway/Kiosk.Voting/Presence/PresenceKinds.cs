using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Presence;

/// <summary>
/// The event kinds of meetings and presence: who is in the room, for quorum. Presence is as public as a roll-call: it
/// names members, and it never names a voter code, a ballot choice or anything of a secret vote.
/// </summary>
public static class PresenceKinds
{
    /// <summary>A facilitator opens a meeting: its membership and its quorum rule.</summary>
    public const string MeetingOpened = "MeetingOpened";

    /// <summary>A member checks in or out (a card tap or a station button, written by the gateway; or the console).</summary>
    public const string PresenceRecorded = "PresenceRecorded";

    /// <summary>
    /// A member card (by the hash of its UID) is enrolled to a member, by a tap at a station a facilitator set to enrol from
    /// the console. Only a facilitator may sign it: a card that names a member decides whose check-in (and, with card-plus-PIN,
    /// whose roll-call vote) a tap is, so a gateway alone must not be able to bind a card to anybody.
    /// </summary>
    public const string MemberCardEnrolled = "MemberCardEnrolled";

    /// <summary>A facilitator ends a meeting: nobody is present any more.</summary>
    public const string MeetingEnded = "MeetingEnded";

    /// <summary>Adds the presence kinds to <paramref name="registry"/>.</summary>
    public static KindRegistry Register(KindRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new KindRule(MeetingOpened, Role.Facilitator, false, BodyJson.Checker<MeetingOpenedBody>()));
        // Gateways write what their card readers and station buttons saw; facilitators write the console's check-ins.
        registry.Add(new KindRule(PresenceRecorded, Role.Facilitator | Role.Gateway | Role.Hub, false, BodyJson.Checker<PresenceRecordedBody>()));
        registry.Add(new KindRule(MemberCardEnrolled, Role.Facilitator, false, BodyJson.Checker<MemberCardEnrolledBody>()));
        registry.Add(new KindRule(MeetingEnded, Role.Facilitator, false, BodyJson.Checker<MeetingRefBody>()));
        return registry;
    }
}
