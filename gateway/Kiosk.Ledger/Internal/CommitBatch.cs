namespace Kiosk.Ledger.Internal;

/// <summary>
/// One group commit: applies a batch of write requests inside one SQLite transaction. Changes are staged in an
/// overlay over the writer's <see cref="LedgerState"/> and merged into the state readers see only after the commit
/// succeeded, so readers never see (and peers are never told of) an event that is not yet durable.
/// <para>
/// Staging touches SQLite only when it must read the store (duplicates, pending events) or write a side table;
/// new events are buffered and inserted by <see cref="Commit"/>. So the writer can stage (and sign) the next batch
/// while the previous one is still committing; <see cref="BeforeFirstSql"/> lets it wait for that commit first
/// when staging does need the connection.
/// </para>
/// </summary>
internal sealed class CommitBatch : IDisposable
{
    private readonly LedgerState _state;
    private readonly LedgerOptions _options;
    private readonly ILedgerStoreSession _session;
    private readonly OwnHeads _ownHeads;
    private readonly List<(LedgerEvent Event, bool IsAuthority)> _unwritten = [];
    private ILedgerStoreTransaction? _transaction;
    private readonly Dictionary<Bytes32, FeedHead> _heads = [];
    private readonly HashSet<Bytes32> _admitted = [];
    private readonly Dictionary<Bytes32, long> _forks = [];
    private readonly List<LedgerEvent> _authorityEvents = [];
    private readonly Dictionary<Bytes32, int> _pendingDelta = [];
    private readonly HashSet<Bytes32> _touchedPendingAuthors = [];
    private LedgerEvent? _genesis;
    private AssemblyId? _assembly;
    private AuthorityTable? _authority;
    private bool _authorityDirty;
    private bool _membersDirty;

    public CommitBatch(LedgerState state, LedgerOptions options, ILedgerStoreSession session, OwnHeads ownHeads)
    {
        _state = state;
        _options = options;
        _session = session;
        _ownHeads = ownHeads;
    }

    /// <summary>Called once, before this batch first uses the connection (the writer waits there for the previous commit).</summary>
    public Action? BeforeFirstSql { get; set; }

    /// <summary>The batch's transaction, begun on first use, with every buffered event inserted (so reads see them).</summary>
    private ILedgerStoreTransaction Transaction()
    {
        if (_transaction is null)
        {
            BeforeFirstSql?.Invoke();
            BeforeFirstSql = null;
            _transaction = _session.BeginWrite();
        }
        if (_unwritten.Count > 0) InsertUnwritten();
        return _transaction;
    }

    private void InsertUnwritten()
    {
        foreach (var (e, isAuthority) in _unwritten) _transaction!.InsertEvent(e, isAuthority);
        _unwritten.Clear();
    }

    /// <summary>The assembly the ledger belongs to, this batch's genesis included.</summary>
    public AssemblyId? Assembly => _assembly ?? _state.Assembly;
    private LedgerEvent? Genesis => _genesis ?? _state.Genesis;
    private FeedHead HeadOf(Bytes32 author) => _heads.TryGetValue(author, out var h) ? h : _state.HeadOf(author);
    private bool IsAdmitted(Bytes32 author) => _admitted.Contains(author) || _state.Admitted.Contains(author);
    private long? ForkOf(Bytes32 author) => _forks.TryGetValue(author, out var f) ? f : _state.Forks.TryGetValue(author, out var g) ? g : null;
    private int PendingOf(Bytes32 author) => _state.PendingCounts.GetValueOrDefault(author) + _pendingDelta.GetValueOrDefault(author);
    private int PendingTotal => _state.PendingTotal + _pendingDelta.Values.Sum();

    /// <summary>The authority table including this batch's staged authority events.</summary>
    private AuthorityTable Authority
    {
        get
        {
            if (!_authorityDirty) return _state.Authority;
            return _authority ??= AuthorityRule.Compute(Genesis, _state.AuthorityEvents.Concat(_authorityEvents), MergedForks());
        }
    }

    private Dictionary<Bytes32, long> MergedForks()
    {
        var forks = new Dictionary<Bytes32, long>(_state.Forks);
        foreach (var (author, seq) in _forks) forks[author] = Math.Min(seq, forks.GetValueOrDefault(author, long.MaxValue));
        return forks;
    }

    /// <summary>
    /// The table to check an append's rights against. Device events change no member's rights, so while only those
    /// are staged the last table computed will do; recomputing after each of them made a batch of enrolments quadratic.
    /// </summary>
    private AuthorityTable RightsAuthority => _membersDirty ? Authority : _authority ?? _state.Authority;

    private void MarkAuthorityChanged(bool membersMayChange = true)
    {
        _authorityDirty = true;
        _membersDirty |= membersMayChange;
        _authority = null;
    }

    /// <summary>Authors a new event; nothing is written when the author may not write it.</summary>
    public AppendResult Append(AppendRequest request, long nowMs)
    {
        var author = request.Author.PublicKey;
        var head = HeadOf(author);
        var seq = head.Seq + 1;
        AssemblyId assembly;
        if (request.GenesisAssembly is { } founding)
        {
            if (Genesis is not null)
                return Refuse(RejectReason.BadGenesis, $"this ledger already belongs to assembly {Assembly}");
            assembly = founding;
        }
        else
        {
            if (Assembly is not { } bound || Genesis is null) return Refuse(RejectReason.NotAuthorised, "this ledger has no assembly yet: run init or import first");
            assembly = bound;
            if (!_options.Kinds.TryGet(request.Kind, out var rule)) return Refuse(RejectReason.UnknownKind, $"kind '{request.Kind}' is not known");
            if (ForkOf(author) is not null) return Refuse(RejectReason.FeedForked, $"the feed of {author.ShortHex} is forked; it can no longer be written");
            if (_ownHeads.WhyRefused(author, head) is { } rolledBack) return Refuse(RejectReason.FeedRolledBack, $"{rolledBack}; run kiosk verify");
            if (_ownHeads.WhyHeld(author) is { } held) return Refuse(RejectReason.FeedHeld, held);
            var authority = RightsAuthority;
            if (!authority.Permits(author, seq, rule.AllowedRoles))
            {
                var role = authority.RoleOf(author);
                return Refuse(RejectReason.NotAuthorised, role == Role.None
                    ? $"key {author.ShortHex} is not enrolled in this assembly"
                    : (role & rule.AllowedRoles) == 0
                        ? $"key {author.ShortHex} is a {role.ToString().ToLowerInvariant()}; {request.Kind} is written by {rule.AllowedRoles.ToString().ToLowerInvariant()}s"
                        : authority.Members[author].IsRetired
                            ? $"gateway {authority.Members[author].Name} ({author.ShortHex}) was retired; its events after #{authority.ValidThrough(author)} do not count"
                            : $"key {author.ShortHex} was removed; its events after #{authority.ValidThrough(author)} do not count");
            }
        }
        var e = EventSigner.Sign(assembly, request.Author, seq, head.Id, nowMs - nowMs % request.TimeGranularityMs, request.Kind, request.Body);
        if (request.GenesisAssembly is not null) StageGenesis(e);
        Store(e);
        return new AppendResult(e, null);

        static AppendResult Refuse(RejectReason reason, string message) => new(null, new Rejection(reason, message));
    }

    /// <summary>Takes one event that passed the stateless checks: stores it, holds it pending, or refuses it.</summary>
    public ReceiveResult Receive(LedgerEvent e)
    {
        if (Assembly is not { } assembly)
        {
            // Not bound yet: hold everything but a genesis until one arrives; the genesis then decides what belongs.
            if (e.Kind != EventKinds.AssemblyFounded) return HoldPending(e);
        }
        else if (e.Assembly != assembly)
        {
            return ReceiveResult.Rejected(new Rejection(RejectReason.WrongAssembly, $"event {e.Id.ShortHex} belongs to assembly {e.Assembly}, not {assembly}"), e.Id);
        }

        var head = HeadOf(e.Author);
        if (e.Seq <= head.Seq)
        {
            // Most duplicates are recent events a second peer relayed: answered from memory, without a store read.
            if ((e.Seq == head.Seq ? head.Id : _state.Recent.IdAt(e.Author, e.Seq)) == e.Id) return Refusals.Duplicate(e);
            var (storedId, storedRaw) = StoredAt(e.Author, e.Seq, head);
            if (storedId == e.Id)
                return Refusals.Duplicate(e);
            RecordEquivocation(e, storedId, storedRaw);
            return ReceiveResult.Rejected(new Rejection(RejectReason.Equivocation,
                $"{e.Author.ShortHex} signed two different events #{e.Seq} ({storedId.ShortHex} and {e.Id.ShortHex}): the feed is forked from #{ForkOf(e.Author)}"), e.Id);
        }
        if (ForkOf(e.Author) is { } fork)
            return ReceiveResult.Rejected(new Rejection(RejectReason.FeedForked, $"the feed of {e.Author.ShortHex} is forked at #{fork}; later events are not taken"), e.Id);

        var isGenesis = e.Kind == EventKinds.AssemblyFounded;
        if (!IsAdmitted(e.Author) && !isGenesis) return HoldPending(e);
        if (isGenesis && Genesis is not null)
            return ReceiveResult.Rejected(new Rejection(RejectReason.BadGenesis, $"the ledger already has its genesis ({Genesis.Id.ShortHex})"), e.Id);
        if (e.Seq != head.Seq + 1)
            return ReceiveResult.Rejected(new Rejection(RejectReason.SeqGap, $"{e.Author.ShortHex}#{e.Seq} arrived but the feed holds #{head.Seq}: expected #{head.Seq + 1}"), e.Id);
        if (e.Prev != head.Id)
            return ReceiveResult.Rejected(new Rejection(RejectReason.WrongPrev, $"{e.Author.ShortHex}#{e.Seq} names prev {e.Prev.ShortHex}, but #{head.Seq} is {head.Id.ShortHex}"), e.Id);

        if (isGenesis)
        {
            StageGenesis(e);
            // Whatever waited for the genesis (the founder's feed first) is looked at again.
            foreach (var author in _state.PendingCounts.Keys.Concat(_pendingDelta.Keys)) _touchedPendingAuthors.Add(author);
        }
        Store(e);
        return ReceiveResult.Accepted(e.Id);
    }

    /// <summary>Binds the ledger to the assembly a genesis founds (authored here or received) and admits its founder.</summary>
    private void StageGenesis(LedgerEvent genesis)
    {
        _genesis = genesis;
        _assembly = genesis.Assembly;
        _admitted.Add(genesis.Author);
        MarkAuthorityChanged();
    }

    private (Bytes32 Id, byte[]? Raw) StoredAt(Bytes32 author, long seq, FeedHead head)
    {
        return Transaction().StoredAt(author, seq) is { } stored ? (stored.Id, stored.Raw) : (head.Id, null);
    }

    private void RecordEquivocation(LedgerEvent e, Bytes32 storedId, byte[]? storedRaw)
    {
        InsertEquivocation(e.Author, e.Seq, e.Id, e.Raw);
        if (storedRaw is not null) InsertEquivocation(e.Author, e.Seq, storedId, storedRaw);
        _forks[e.Author] = Math.Min(e.Seq, ForkOf(e.Author) ?? long.MaxValue);
        MarkAuthorityChanged();
    }

    private void InsertEquivocation(Bytes32 author, long seq, Bytes32 id, byte[] raw)
    {
        Transaction().InsertEquivocation(author, seq, id, raw);
    }

    private ReceiveResult HoldPending(LedgerEvent e)
    {
        if (PendingOf(e.Author) >= _options.MaxPendingPerAuthor || PendingTotal >= _options.MaxPendingTotal)
            return ReceiveResult.Rejected(new Rejection(RejectReason.PendingQuotaExceeded,
                $"{e.Author.ShortHex} is not enrolled and too many of its (or unknown authors') events are already pending"), e.Id);
        if (Transaction().InsertPending(e))
        {
            _pendingDelta[e.Author] = _pendingDelta.GetValueOrDefault(e.Author) + 1;
            _touchedPendingAuthors.Add(e.Author);
        }
        return ReceiveResult.Pending(e.Id, $"author {e.Author.ShortHex} is not enrolled (yet); held until its enrolment arrives");
    }

    private void Store(LedgerEvent e)
    {
        _options.Kinds.TryGet(e.Kind, out var rule);
        var isAuthority = rule?.IsAuthority ?? false;
        _unwritten.Add((e, isAuthority)); // inserted at commit, or before this batch next reads the store
        Stored.Add(e);
        _heads[e.Author] = new FeedHead(e.Seq, e.Id);
        if (_state.PendingCounts.ContainsKey(e.Author) || _pendingDelta.ContainsKey(e.Author)) _touchedPendingAuthors.Add(e.Author);
        if (!isAuthority) return;
        if (e.Kind != EventKinds.AssemblyFounded) _authorityEvents.Add(e);
        MarkAuthorityChanged(membersMayChange: e.Kind is not (EventKinds.DeviceEnrolled or EventKinds.DeviceRevoked));
        if (AuthorityRule.NamedMember(e) is { } named && !IsAdmitted(named))
        {
            _admitted.Add(named);
            _touchedPendingAuthors.Add(named);
        }
    }

    /// <summary>Ids of the events <see cref="PromotePending"/> moved into the ledger.</summary>
    public HashSet<Bytes32> Promoted { get; } = [];

    /// <summary>
    /// Moves pending events of authors who are now admitted into the ledger, in seq order, until nothing
    /// more moves (an admitted author's pending events may admit others).
    /// </summary>
    public void PromotePending()
    {
        Promoted.Clear();
        while (_touchedPendingAuthors.Count > 0)
        {
            // Admitted authors' feeds move in; right after a genesis, other assemblies' waiting events are dropped.
            var authors = _touchedPendingAuthors.Where(a => (IsAdmitted(a) || _genesis is not null) && PendingOf(a) > 0).ToArray();
            _touchedPendingAuthors.Clear();
            foreach (var author in authors)
            {
                var rows = Transaction().ReadPending(author);
                foreach (var raw in rows)
                {
                    // Pending rows passed the stateless checks when they arrived; they are decoded again, not re-verified.
                    if (!EventEncoding.TryDecode(raw, out var e, out _)) continue;
                    if (!IsAdmitted(author) && e.Assembly == Assembly) break; // still waiting for its enrolment
                    var result = Receive(e);
                    if (result.IsAccepted) Promoted.Add(e.Id);
                    // Still waiting (author not admitted) or a gap that may fill later: keep it and the rest of the feed.
                    if (result.Status == ReceiveStatus.Pending || result.Rejection?.Reason is RejectReason.SeqGap) break;
                    Transaction().DeletePending(author, e.Seq);
                    _pendingDelta[author] = _pendingDelta.GetValueOrDefault(author) - 1;
                }
            }
        }
    }

    /// <summary>Writes the projections and commits. Throws when the commit fails (the caller reloads state).</summary>
    public void Commit()
    {
        var transaction = Transaction();
        if (_assembly is { } bound) transaction.WriteAssembly(bound);
        if (_heads.Count > 0) transaction.WriteHeads(_heads);
        if (_authorityDirty) transaction.WriteAuthority(Authority);
        transaction.Commit();
    }

    /// <summary>Every event this batch stores, in the order stored (for the ledger's <c>Committed</c> notification).</summary>
    public List<LedgerEvent> Stored { get; } = [];

    /// <summary>Merges the committed overlay into the in-memory state (the caller holds the state lock).</summary>
    public void MergeInto(LedgerState state)
    {
        if (_assembly is not null) state.Assembly = _assembly;
        if (_genesis is not null) state.Genesis = _genesis;
        foreach (var (author, head) in _heads) state.Heads[author] = head;
        foreach (var e in Stored) state.Recent.Add(e.Author, e.Seq, e.Id);
        state.Admitted.UnionWith(_admitted);
        foreach (var (author, seq) in _forks) state.Forks[author] = Math.Min(seq, state.Forks.GetValueOrDefault(author, long.MaxValue));
        state.AuthorityEvents.AddRange(_authorityEvents);
        foreach (var (author, delta) in _pendingDelta)
        {
            var count = state.PendingCounts.GetValueOrDefault(author) + delta;
            if (count > 0) state.PendingCounts[author] = count;
            else state.PendingCounts.Remove(author);
        }
        if (_authorityDirty) state.Authority = Authority;
    }

    public void Dispose()
    {
        _transaction?.Dispose(); // rolls back when not committed
    }

    /// <summary>
    /// Settles what <see cref="Commit"/> and <see cref="MergeInto"/> read, so they can run on another thread while
    /// the writer stages the next batch against the same working state.
    /// </summary>
    public void Seal()
    {
        if (_authorityDirty) _ = Authority;
        BeforeFirstSql = null;
    }
}
