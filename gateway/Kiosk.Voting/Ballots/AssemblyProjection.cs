using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// The facts the applied voting events establish: ballots, openings and closes, CloseSeen per gateway, issued
/// codes (legacy hashes and per-ballot commitments), votes, batch receipts, notices, certifications and proxies. Facts are kept as sets (where two events say the same
/// thing, a deterministic rule picks one), so applying the same events in any order gives the same projection.
/// Everything derived (counted votes, tallies, status) is computed from these facts by <see cref="BallotCounter"/>.
/// </summary>
public sealed class AssemblyProjection
{
    private readonly Dictionary<string, PublishedBallot> _ballots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bytes32> _opened = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bytes32> _closed = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ballot, Bytes32 Gateway), CloseSeenRecord> _closeSeen = [];
    private readonly Dictionary<string, CodeIssue> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ballot, string Commitment), CommitmentIssue> _commitments = [];
    private readonly Dictionary<string, decimal> _codesIssued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<VoteRecord>> _votes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ballot, VoterCredential Credential), List<VoteRecord>> _votesByCredential = [];
    private readonly Dictionary<string, List<ReceiptsRecord>> _receipts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Notice> _notices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Certification> _certifications = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ProxyRecordedBody>> _proxies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _closedAtMs = new(StringComparer.Ordinal);
    private readonly HashSet<Bytes32> _applied = [];

    /// <summary>Builds the projection from applied events.</summary>
    public static AssemblyProjection Build(IEnumerable<LedgerEvent> appliedEvents)
    {
        ArgumentNullException.ThrowIfNull(appliedEvents);
        var projection = new AssemblyProjection();
        foreach (var e in appliedEvents) projection.Apply(e);
        return projection;
    }

    /// <summary>Published ballots by id.</summary>
    public IReadOnlyDictionary<string, PublishedBallot> Ballots => _ballots;

    /// <summary>Notices by id.</summary>
    public IReadOnlyDictionary<string, Notice> Notices => _notices;

    /// <summary>Whether a facilitator opened the ballot.</summary>
    public bool IsOpened(string ballot) => _opened.ContainsKey(ballot);

    /// <summary>Meetings, presence and quorum (the presence events), for ballots that need a quorum of present members.</summary>
    public Presence.PresenceProjection Presence { get; } = new();

    /// <summary>The author time of the earliest facilitator close of the ballot, or null while no facilitator closed it.</summary>
    public long? ClosedAtMs(string ballot) => _closedAtMs.TryGetValue(ballot, out var ms) ? ms : null;

    /// <summary>Whether a facilitator closed the ballot.</summary>
    public bool IsClosedByFacilitator(string ballot) => _closed.ContainsKey(ballot);

    /// <summary>The seq of <paramref name="gateway"/>'s CloseSeen for the ballot, or null.</summary>
    public long? CloseSeenAt(string ballot, Bytes32 gateway) => _closeSeen.TryGetValue((ballot, gateway), out var seen) ? seen.Seq : null;

    /// <summary><paramref name="gateway"/>'s (first) CloseSeen for the ballot, with the box seq it names, or null.</summary>
    public CloseSeenRecord? CloseSeen(string ballot, Bytes32 gateway) => _closeSeen.GetValueOrDefault((ballot, gateway));

    /// <summary>The gateways that wrote CloseSeen for the ballot.</summary>
    public IEnumerable<Bytes32> GatewaysThatSawClose(string ballot) => _closeSeen.Keys.Where(k => k.Ballot == ballot).Select(k => k.Gateway);

    /// <summary>The legacy issue of a code, by H(H(code)).</summary>
    public CodeIssue? Code(string doubleHash) => _codes.GetValueOrDefault(doubleHash);

    /// <summary>The per-ballot issue of a credential on <paramref name="ballot"/>, by its commitment H(credential).</summary>
    public CommitmentIssue? Commitment(string ballot, string commitment) => _commitments.GetValueOrDefault((ballot, commitment));

    /// <summary>The batch receipts the ballot boxes published for the ballot.</summary>
    public IReadOnlyList<ReceiptsRecord> Receipts(string ballot) => _receipts.TryGetValue(ballot, out var list) ? list : [];

    /// <summary>How many codes (weighted) were issued for the ballot.</summary>
    public decimal CodesIssued(string ballot) => _codesIssued.GetValueOrDefault(ballot);

    /// <summary>Every vote event for the ballot, counted or not.</summary>
    public IReadOnlyList<VoteRecord> Votes(string ballot) => _votes.TryGetValue(ballot, out var votes) ? votes : [];

    /// <summary>The vote events of one credential (a code's credential or a member) on the ballot.</summary>
    public IReadOnlyList<VoteRecord> VotesBy(string ballot, VoterCredential credential) =>
        _votesByCredential.TryGetValue((ballot, credential), out var votes) ? votes : [];

    /// <summary>The certification of the ballot's result, if any.</summary>
    public Certification? CertificationOf(string ballot) => _certifications.GetValueOrDefault(ballot);

    /// <summary>Proxies recorded for the ballot.</summary>
    public IReadOnlyList<ProxyRecordedBody> Proxies(string ballot) => _proxies.TryGetValue(ballot, out var list) ? list : [];

    /// <summary>Takes one applied event into the projection; other kinds and repeats are ignored.</summary>
    public void Apply(LedgerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!_applied.Add(e.Id)) return;
        Presence.Apply(e);
        switch (e.Kind)
        {
            case VotingKinds.BallotPublished when BodyJson.TryRead<BallotPublishedBody>(e.Body, out var published, out _):
            {
                var candidate = new PublishedBallot(published.Ballot, e.Id, e.Author, e.AuthorTimeMs);
                // The same id published twice: the earlier (author time, then id) stands, on every replica.
                if (!_ballots.TryGetValue(published.Ballot.Id, out var existing) || Earlier(candidate.TimeMs, candidate.EventId, existing.TimeMs, existing.EventId))
                    _ballots[published.Ballot.Id] = candidate;
                break;
            }
            case VotingKinds.BallotOpened when BodyJson.TryRead<BallotRefBody>(e.Body, out var opened, out _):
                KeepSmallest(_opened, opened.Ballot, e.Id);
                break;
            case VotingKinds.BallotClosed when BodyJson.TryRead<BallotRefBody>(e.Body, out var closed, out _):
                KeepSmallest(_closed, closed.Ballot, e.Id);
                _closedAtMs[closed.Ballot] = Math.Min(_closedAtMs.GetValueOrDefault(closed.Ballot, long.MaxValue), e.AuthorTimeMs);
                break;
            case VotingKinds.CloseSeen when BodyJson.TryRead<CloseSeenBody>(e.Body, out var seen, out _):
            {
                // A gateway's first CloseSeen for a ballot is the one that counts (a later one changes nothing).
                var key = (seen.Ballot, e.Author);
                if (!_closeSeen.TryGetValue(key, out var first) || e.Seq < first.Seq) _closeSeen[key] = new CloseSeenRecord(e.Seq, seen.BoxThrough);
                break;
            }
            case VotingKinds.VoterCodesIssued when BodyJson.TryRead<VoterCodesIssuedBody>(e.Body, out var issued, out _) && issued.Commitments is { } commitments:
                foreach (var (ballot, committed) in commitments)
                    foreach (var commitment in committed)
                    {
                        var key = (ballot, commitment);
                        if (_commitments.TryGetValue(key, out var known))
                        {
                            if (known.EventId.CompareTo(e.Id) <= 0) continue; // issued twice: the smaller event id stands
                            _codesIssued[ballot] -= known.Weight;
                        }
                        _commitments[key] = new CommitmentIssue(issued.Weight, e.Id);
                        _codesIssued[ballot] = _codesIssued.GetValueOrDefault(ballot) + issued.Weight;
                    }
                break;
            case VotingKinds.VoterCodesIssued when BodyJson.TryRead<VoterCodesIssuedBody>(e.Body, out var issued, out _):
                foreach (var hash in issued.Hashes!)
                {
                    var issue = new CodeIssue(hash.ToLowerInvariant(), issued.Ballots, issued.Weight, e.Id);
                    if (_codes.TryGetValue(issue.DoubleHash, out var known))
                    {
                        if (known.EventId.CompareTo(e.Id) <= 0) continue; // the same code issued twice: the smaller event id stands
                        foreach (var b in known.Ballots) _codesIssued[b] -= known.Weight;
                    }
                    _codes[issue.DoubleHash] = issue;
                    foreach (var b in issued.Ballots) _codesIssued[b] = _codesIssued.GetValueOrDefault(b) + issued.Weight;
                }
                break;
            case VotingKinds.VoteCast when BodyJson.TryRead<VoteCastBody>(e.Body, out var vote, out _):
                if (!_votes.TryGetValue(vote.Ballot, out var list)) _votes[vote.Ballot] = list = [];
                var record = new VoteRecord(e.Id, e.Author, e.Seq, e.AuthorTimeMs, vote);
                list.Add(record);
                if (!_votesByCredential.TryGetValue((vote.Ballot, record.Credential), out var same)) _votesByCredential[(vote.Ballot, record.Credential)] = same = [];
                same.Add(record);
                break;
            case VotingKinds.BallotReceipts when BodyJson.TryRead<BallotReceiptsBody>(e.Body, out var receipts, out _):
                if (!_receipts.TryGetValue(receipts.Ballot, out var batches)) _receipts[receipts.Ballot] = batches = [];
                batches.Add(new ReceiptsRecord(e.Id, e.Author, e.Seq, receipts.Trackers));
                break;
            case VotingKinds.NoticePosted when BodyJson.TryRead<NoticePostedBody>(e.Body, out var notice, out _):
                // A later post with the same id replaces the notice (author time, then id).
                if (!_notices.TryGetValue(notice.Id, out var old) || Earlier(old.TimeMs, old.EventId, e.AuthorTimeMs, e.Id))
                    _notices[notice.Id] = new Notice(notice, e.Id, e.AuthorTimeMs);
                break;
            case VotingKinds.ResultCertified when BodyJson.TryRead<ResultCertifiedBody>(e.Body, out var certified, out _):
            {
                var feeds = certified.Feeds.ToDictionary(f => Bytes32.TryParseHex(f.Key, out var k) ? k : Bytes32.Zero, f => f.Value);
                var certification = new Certification(certified.Ballot, feeds, e.Id, e.Author, e.AuthorTimeMs);
                // A later certification supersedes an earlier one (author time, then id).
                if (!_certifications.TryGetValue(certified.Ballot, out var prior) || Earlier(prior.TimeMs, prior.EventId, e.AuthorTimeMs, e.Id))
                    _certifications[certified.Ballot] = certification;
                break;
            }
            case VotingKinds.ProxyRecorded when BodyJson.TryRead<ProxyRecordedBody>(e.Body, out var proxy, out _):
                if (!_proxies.TryGetValue(proxy.Ballot, out var proxies)) _proxies[proxy.Ballot] = proxies = [];
                if (!proxies.Contains(proxy)) proxies.Add(proxy);
                break;
        }
    }

    private static bool Earlier(long timeA, Bytes32 idA, long timeB, Bytes32 idB) => timeA < timeB || (timeA == timeB && idA.CompareTo(idB) < 0);

    private static void KeepSmallest(Dictionary<string, Bytes32> map, string key, Bytes32 id)
    {
        if (!map.TryGetValue(key, out var existing) || id.CompareTo(existing) < 0) map[key] = id;
    }
}
