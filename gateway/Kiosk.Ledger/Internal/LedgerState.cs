namespace Kiosk.Ledger.Internal;

/// <summary>
/// The ledger's committed state kept in memory: feed heads, admitted authors, forks, authority events and the
/// authority table computed from them, pending counts. Only the writer changes it, after a commit.
/// </summary>
internal sealed class LedgerState
{
    public AssemblyId? Assembly { get; set; }
    public LedgerEvent? Genesis { get; set; }
    public Dictionary<Bytes32, FeedHead> Heads { get; init; } = [];

    /// <summary>Authors whose feeds the store takes: the founder and every key named by a stored enrolment.</summary>
    public HashSet<Bytes32> Admitted { get; init; } = [];

    public Dictionary<Bytes32, long> Forks { get; init; } = [];
    public List<LedgerEvent> AuthorityEvents { get; init; } = [];
    public AuthorityTable Authority { get; set; } = AuthorityTable.Empty;
    public Dictionary<Bytes32, int> PendingCounts { get; init; } = [];

    /// <summary>The ids of each feed's latest events stored since the ledger opened (duplicate checks without a store read).</summary>
    public RecentIds Recent { get; } = new();
    public int PendingTotal => PendingCounts.Values.Sum();

    public FeedHead HeadOf(Bytes32 author) => Heads.GetValueOrDefault(author, FeedHead.Empty);

    /// <summary>The last seq of <paramref name="author"/>'s feed whose events count: head, cut by removal and by a fork.</summary>
    public long AppliedThrough(Bytes32 author)
    {
        var head = HeadOf(author).Seq;
        var forkLimit = Forks.TryGetValue(author, out var fork) ? fork - 1 : long.MaxValue;
        return Math.Min(head, Math.Min(Authority.ValidThrough(author), forkLimit));
    }

    public void RecomputeAuthority() => Authority = AuthorityRule.Compute(Genesis, AuthorityEvents, Forks);
}
