namespace Kiosk.Ledger;

/// <summary>
/// Who may write what, as computed by <see cref="AuthorityRule"/> from the authority events:
/// the founder, members with roles and cut-offs, devices, and which authority events took effect.
/// </summary>
public sealed class AuthorityTable
{
    internal AuthorityTable(Bytes32? founder, string? assemblyName, IReadOnlyList<string> languages,
        IReadOnlyDictionary<Bytes32, Member> members, IReadOnlyDictionary<string, EnrolledDevice> devices,
        IReadOnlySet<Bytes32> effectiveEvents, IReadOnlyDictionary<Bytes32, BallotBoxBinding>? ballotBoxes = null)
    {
        Founder = founder;
        AssemblyName = assemblyName;
        Languages = languages;
        Members = members;
        Devices = devices;
        EffectiveEvents = effectiveEvents;
        BallotBoxes = ballotBoxes ?? new Dictionary<Bytes32, BallotBoxBinding>();
        _boxOfGateway = BallotBoxes.Values.ToDictionary(b => b.Gateway);
    }

    private readonly Dictionary<Bytes32, BallotBoxBinding> _boxOfGateway;

    /// <summary>A table with no genesis yet: nobody may write anything.</summary>
    public static AuthorityTable Empty { get; } = new(null, null, [], new Dictionary<Bytes32, Member>(), new Dictionary<string, EnrolledDevice>(), new HashSet<Bytes32>());

    /// <summary>The founding key (from the genesis event), or null before the genesis is known.</summary>
    public Bytes32? Founder { get; }

    /// <summary>The assembly's name from its genesis.</summary>
    public string? AssemblyName { get; }

    /// <summary>The assembly's languages from its genesis.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>Enrolled keys (the founder included, as a facilitator).</summary>
    public IReadOnlyDictionary<Bytes32, Member> Members { get; }

    /// <summary>Enrolled devices by id.</summary>
    public IReadOnlyDictionary<string, EnrolledDevice> Devices { get; }

    /// <summary>Ids of the authority events that took effect.</summary>
    public IReadOnlySet<Bytes32> EffectiveEvents { get; }

    /// <summary>Ballot boxes by box key: the gateway each belongs to (boxes are also <see cref="Members"/> with role BallotBox).</summary>
    public IReadOnlyDictionary<Bytes32, BallotBoxBinding> BallotBoxes { get; }

    /// <summary>The ballot box <paramref name="gateway"/> declared, or null.</summary>
    public BallotBoxBinding? BallotBoxOf(Bytes32 gateway) => _boxOfGateway.GetValueOrDefault(gateway);

    /// <summary>The role of <paramref name="key"/> (None when not a member).</summary>
    public Role RoleOf(Bytes32 key) => Members.TryGetValue(key, out var m) ? m.Role : Role.None;

    /// <summary>
    /// The last seq of <paramref name="author"/>'s feed whose events may count (0 when none may);
    /// the caller also applies the feed's fork point.
    /// </summary>
    public long ValidThrough(Bytes32 author) => Members.TryGetValue(author, out var m) ? m.ValidThroughSeq : 0;

    /// <summary>Whether an event written by one of <paramref name="allowedRoles"/> at <paramref name="seq"/> by <paramref name="author"/> is within the author's rights.</summary>
    public bool Permits(Bytes32 author, long seq, Role allowedRoles) =>
        Members.TryGetValue(author, out var m) && (m.Role & allowedRoles) != 0 && seq <= m.ValidThroughSeq;
}
