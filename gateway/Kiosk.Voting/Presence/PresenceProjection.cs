using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Presence;

/// <summary>
/// Presence and quorum from applied events. For each member the latest check-in or check-out counts, latest by the
/// author's clock with ties broken by the smaller event id, so every replica holding the same events agrees whatever order
/// they came in; two rooms that checked members in while cut apart count together once their events meet. A member
/// checked in at both rooms is one member. A meeting's end empties it, whatever presence events come after.
/// </summary>
public sealed class PresenceProjection
{
    private readonly Dictionary<string, (MeetingOpenedBody Body, long TimeMs, Bytes32 Id)> _opened = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _endedAtMs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Meeting, string Member), List<PresenceFact>> _facts = [];
    private readonly Dictionary<string, (string Member, long TimeMs, Bytes32 Id)> _cards = new(StringComparer.Ordinal);
    private readonly HashSet<Bytes32> _applied = [];

    private sealed record PresenceFact(PresenceRecordedBody Body, long TimeMs, Bytes32 Id);

    /// <summary>Builds the projection from applied events (other kinds are ignored).</summary>
    public static PresenceProjection Build(IEnumerable<LedgerEvent> appliedEvents)
    {
        ArgumentNullException.ThrowIfNull(appliedEvents);
        var projection = new PresenceProjection();
        foreach (var e in appliedEvents) projection.Apply(e);
        return projection;
    }

    /// <summary>The ids of the meetings opened, in ordinal order.</summary>
    public IReadOnlyList<string> Meetings => _opened.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Takes one applied event; repeats and other kinds change nothing.</summary>
    public void Apply(LedgerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!_applied.Add(e.Id)) return;
        switch (e.Kind)
        {
            case PresenceKinds.MeetingOpened when BodyJson.TryRead<MeetingOpenedBody>(e.Body, out var opened, out _):
                // Opened twice: the earlier (author time, then id) stands on every replica.
                if (!_opened.TryGetValue(opened.Meeting, out var known) || Earlier(e.AuthorTimeMs, e.Id, known.TimeMs, known.Id))
                    _opened[opened.Meeting] = (opened, e.AuthorTimeMs, e.Id);
                break;
            case PresenceKinds.MeetingEnded when BodyJson.TryRead<MeetingRefBody>(e.Body, out var ended, out _):
                _endedAtMs[ended.Meeting] = Math.Min(_endedAtMs.GetValueOrDefault(ended.Meeting, long.MaxValue), e.AuthorTimeMs);
                break;
            case PresenceKinds.MemberCardEnrolled when BodyJson.TryRead<MemberCardEnrolledBody>(e.Body, out var card, out _):
                // Enrolled again (lost, passed on): the latest enrolment by author time, then event id, stands.
                if (!_cards.TryGetValue(card.Card, out var holder) || Earlier(holder.TimeMs, holder.Id, e.AuthorTimeMs, e.Id))
                    _cards[card.Card] = (card.Member, e.AuthorTimeMs, e.Id);
                break;
            case PresenceKinds.PresenceRecorded when BodyJson.TryRead<PresenceRecordedBody>(e.Body, out var presence, out _):
                var key = (presence.Meeting, presence.Member);
                if (!_facts.TryGetValue(key, out var list)) _facts[key] = list = [];
                list.Add(new PresenceFact(presence, e.AuthorTimeMs, e.Id));
                break;
        }
    }

    /// <summary>The member the card with hash <paramref name="card"/> (<see cref="MemberCards.Hash"/>) is enrolled to, or null.</summary>
    public string? MemberOfCard(string card) => _cards.TryGetValue(card, out var holder) ? holder.Member : null;

    /// <summary>
    /// The meeting a station checks members in to: of the meetings opened and not ended, the one opened last (by author
    /// time, then event id); null when none is open.
    /// </summary>
    public string? OpenMeeting() => _opened
        .Where(m => !_endedAtMs.ContainsKey(m.Key))
        .OrderBy(m => m.Value.TimeMs).ThenBy(m => m.Value.Id)
        .Select(m => m.Key).LastOrDefault();

    /// <summary>Presence at <paramref name="meeting"/> now.</summary>
    public MeetingPresence Of(string meeting) => At(meeting, long.MaxValue);

    /// <summary>
    /// Presence at <paramref name="meeting"/> as of author time <paramref name="atMs"/> (e.g. a ballot's close): only
    /// presence events written by then count. Deterministic in the event set.
    /// </summary>
    public MeetingPresence At(string meeting, long atMs)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var opened = _opened.TryGetValue(meeting, out var o) ? o.Body : null;
        var members = opened?.Members ?? 0;
        var needed = opened is null ? 0 : (int)Math.Ceiling((decimal)members * opened.QuorumNumerator / opened.QuorumDenominator);
        var ended = _endedAtMs.TryGetValue(meeting, out var endMs) && endMs <= atMs;
        var present = new List<PresentMember>();
        if (!ended)
            foreach (var ((m, member), facts) in _facts)
            {
                if (m != meeting) continue;
                PresenceFact? latest = null;
                foreach (var fact in facts)
                    if (fact.TimeMs <= atMs && (latest is null || Earlier(latest.TimeMs, latest.Id, fact.TimeMs, fact.Id))) latest = fact;
                if (latest?.Body.Action == PresenceRecordedBody.In) present.Add(new PresentMember(member, latest.Body.By, latest.Body.Source));
            }
        present.Sort((a, b) => string.CompareOrdinal(a.Member, b.Member));
        return new MeetingPresence(meeting, members, needed, present, ended);
    }

    private static bool Earlier(long timeA, Bytes32 idA, long timeB, Bytes32 idB) => timeA < timeB || (timeA == timeB && idA.CompareTo(idB) < 0);
}
