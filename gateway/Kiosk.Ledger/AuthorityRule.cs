using Kiosk.Ledger.Bodies;

namespace Kiosk.Ledger;

/// <summary>
/// The deterministic rule that turns the set of authority events into an <see cref="AuthorityTable"/>
/// (docs/ledger-format.md, "Authority"). It is a pure function of the set, so every replica holding the same
/// events computes the same table whatever order they arrived in.
/// <list type="number">
/// <item>The genesis author is a facilitator for ever.</item>
/// <item>Authority events are taken one at a time. Eligible: the next unprocessed authority event of each feed,
/// when its author then holds the role that writes it (a facilitator; a gateway or hub for <c>BallotBoxKeyed</c>), its
/// seq is within the author's cut-off and below the feed's fork point.
/// Of the eligible, the one with the smallest (author time, event id) goes first.</item>
/// <item>An event that is never eligible has no effect.</item>
/// <item>A gateway's first effective <c>BallotBoxKeyed</c> (with a valid proof, naming a key that holds no role) makes
/// that key its ballot box; later declarations change nothing. A box keeps its role only while its gateway does.</item>
/// </list>
/// </summary>
public static class AuthorityRule
{
    /// <summary>Computes the table from the genesis, every other stored authority event, and the fork points.</summary>
    public static AuthorityTable Compute(LedgerEvent? genesis, IEnumerable<LedgerEvent> authorityEvents, IReadOnlyDictionary<Bytes32, long> forks)
    {
        ArgumentNullException.ThrowIfNull(authorityEvents);
        ArgumentNullException.ThrowIfNull(forks);
        if (genesis is null || !BodyJson.TryRead<AssemblyFoundedBody>(genesis.Body, out var founded, out _))
            return AuthorityTable.Empty;

        var founder = genesis.Author;
        var members = new Dictionary<Bytes32, Member> { [founder] = new(founder, Role.Facilitator, "founder", long.MaxValue) };
        var devices = new Dictionary<string, EnrolledDevice>(StringComparer.Ordinal);
        var boxes = new Dictionary<Bytes32, BallotBoxBinding>();
        var retirements = new Dictionary<Bytes32, Retirement>();
        var effective = new HashSet<Bytes32> { genesis.Id };

        var queues = authorityEvents
            .Where(e => e.Kind != EventKinds.AssemblyFounded)
            .GroupBy(e => e.Author)
            .ToDictionary(g => g.Key, g => new Queue<LedgerEvent>(g.OrderBy(e => e.Seq)));

        bool Eligible(LedgerEvent e) =>
            members.TryGetValue(e.Author, out var m) && (m.Role & WriterOf(e.Kind)) != 0 && e.Seq <= m.ValidThroughSeq &&
            e.Seq < forks.GetValueOrDefault(e.Author, long.MaxValue);

        while (true)
        {
            LedgerEvent? next = null;
            foreach (var queue in queues.Values)
            {
                if (queue.Count == 0 || !Eligible(queue.Peek())) continue;
                var candidate = queue.Peek();
                if (next is null || candidate.AuthorTimeMs < next.AuthorTimeMs ||
                    (candidate.AuthorTimeMs == next.AuthorTimeMs && candidate.Id.CompareTo(next.Id) < 0))
                    next = candidate;
            }
            if (next is null) break;
            queues[next.Author].Dequeue();
            if (Apply(next, founder, members, devices, boxes, retirements)) effective.Add(next.Id);
        }

        // Retirements last: each cuts a gateway's (or hub's) feed and its box's at the least seqs named, for good.
        foreach (var (key, retirement) in retirements)
        {
            if (!members.TryGetValue(key, out var gateway) || gateway.Role is not (Role.Gateway or Role.Hub)) continue;
            members[key] = gateway with { ValidThroughSeq = Math.Min(gateway.ValidThroughSeq, retirement.Through) };
            if (boxes.Values.FirstOrDefault(b => b.Gateway == key) is { } box)
                members[box.Box] = members[box.Box] with { ValidThroughSeq = Math.Min(members[box.Box].ValidThroughSeq, retirement.BoxThrough) };
            effective.UnionWith(retirement.Events);
        }

        // A box stands and falls with its gateway.
        foreach (var box in boxes.Values.ToList())
        {
            if (members.TryGetValue(box.Gateway, out var gateway) && gateway.Role is Role.Gateway or Role.Hub) continue;
            boxes.Remove(box.Box);
            members.Remove(box.Box);
        }

        return new AuthorityTable(founder, founded.Name, founded.Languages, members, devices, effective, boxes);
    }

    /// <summary>The roles whose authority events of <paramref name="kind"/> count.</summary>
    private static Role WriterOf(string kind) => kind == EventKinds.BallotBoxKeyed ? Role.Gateway | Role.Hub : Role.Facilitator;

    /// <summary>Applies one eligible authority event; false when it changes nothing (e.g. a key that already holds another role).</summary>
    private static bool Apply(LedgerEvent e, Bytes32 founder, Dictionary<Bytes32, Member> members, Dictionary<string, EnrolledDevice> devices,
        Dictionary<Bytes32, BallotBoxBinding> boxes, Dictionary<Bytes32, Retirement> retirements)
    {
        switch (e.Kind)
        {
            case EventKinds.FacilitatorAdded when BodyJson.TryRead<FacilitatorAddedBody>(e.Body, out var added, out _):
            {
                var key = ParseKey(added.Key);
                if (members.TryGetValue(key, out var existing) && existing.Role != Role.Facilitator) return false; // one role per key
                // Adding a removed facilitator again restores them in full.
                members[key] = new Member(key, Role.Facilitator, added.Name, long.MaxValue);
                return true;
            }
            case EventKinds.FacilitatorRemoved when BodyJson.TryRead<FacilitatorRemovedBody>(e.Body, out var removed, out _):
            {
                var key = ParseKey(removed.Key);
                if (!members.TryGetValue(key, out var existing) || existing.Role != Role.Facilitator) return false;
                if (key == founder) return false; // the founding key cannot be removed: it is the root of the assembly's authority
                members[key] = existing with { ValidThroughSeq = Math.Min(existing.ValidThroughSeq, removed.ValidThroughSeq) };
                return true;
            }
            case EventKinds.GatewayEnrolled when BodyJson.TryRead<GatewayEnrolledBody>(e.Body, out var gateway, out _):
            {
                var key = ParseKey(gateway.Key);
                if (members.TryGetValue(key, out var existing) && existing.Role is Role.Facilitator or Role.BallotBox) return false;
                // Enrolling a gateway again renames it; it does not lift a retirement, which is applied last.
                members[key] = new Member(key, gateway.GrantedRole, gateway.Name, long.MaxValue);
                return true;
            }
            case EventKinds.GatewayRetired when BodyJson.TryRead<GatewayRetiredBody>(e.Body, out var retired, out _):
            {
                // Only collected here; Compute applies it after every other authority event (and marks it effective then).
                var key = ParseKey(retired.Key);
                var earlier = retirements.GetValueOrDefault(key);
                retirements[key] = new Retirement(Math.Min(earlier?.Through ?? long.MaxValue, retired.ValidThroughSeq),
                    Math.Min(earlier?.BoxThrough ?? long.MaxValue, retired.BoxThroughSeq), [.. earlier?.Events ?? [], e.Id]);
                return false;
            }
            case EventKinds.DeviceEnrolled when BodyJson.TryRead<DeviceEnrolledBody>(e.Body, out var device, out _):
                devices[device.Device] = new EnrolledDevice(device.Device, ParseKey(device.Gateway), device.Label, device.Member, Revoked: false);
                return true;
            case EventKinds.DeviceRevoked when BodyJson.TryRead<DeviceRevokedBody>(e.Body, out var revoked, out _):
                if (!devices.TryGetValue(revoked.Device, out var known)) return false;
                devices[revoked.Device] = known with { Revoked = true };
                return true;
            case EventKinds.BallotBoxKeyed when BodyJson.TryRead<BallotBoxKeyedBody>(e.Body, out var declared, out _):
            {
                var box = ParseKey(declared.Box);
                // One box per gateway, the first it declared; a key that already holds a role (or another gateway's box) is
                // not taken; and only a box that signed for this gateway and assembly, so no gateway can claim another's box.
                if (boxes.Values.Any(b => b.Gateway == e.Author) || members.ContainsKey(box)) return false;
                if (!BallotBoxKey.ProofHolds(declared, e.Assembly, e.Author)) return false;
                members[box] = new Member(box, Role.BallotBox, "ballot box of " + members[e.Author].Name, long.MaxValue);
                boxes[box] = new BallotBoxBinding(box, e.Author, e.Seq);
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>A key's retirements so far: the least cut-offs named, and the events naming them.</summary>
    private sealed record Retirement(long Through, long BoxThrough, IReadOnlyList<Bytes32> Events);

    /// <summary>The keys an authority event names as new members (used to admit their feeds into the store).</summary>
    public static Bytes32? NamedMember(LedgerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Kind switch
        {
            EventKinds.FacilitatorAdded when BodyJson.TryRead<FacilitatorAddedBody>(e.Body, out var b, out _) => ParseKey(b.Key),
            EventKinds.GatewayEnrolled when BodyJson.TryRead<GatewayEnrolledBody>(e.Body, out var b, out _) => ParseKey(b.Key),
            EventKinds.BallotBoxKeyed when BodyJson.TryRead<BallotBoxKeyedBody>(e.Body, out var b, out _) => ParseKey(b.Box),
            _ => null,
        };
    }

    private static Bytes32 ParseKey(string hex) =>
        Bytes32.TryParseHex(hex, out var key) ? key : throw new InvalidOperationException("body checks let a malformed key through");
}
