using Kiosk.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger;

/// <summary>
/// One group commit: applies a batch of write requests inside one SQLite transaction. Changes are staged in an
/// overlay over the committed <see cref="LedgerState"/> and merged into it only after the commit succeeded,
/// so readers never see (and peers are never told of) an event that is not yet durable.
/// </summary>
internal sealed class CommitBatch : IDisposable
{
    private readonly LedgerState _state;
    private readonly LedgerOptions _options;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertPending;
    private readonly SqliteCommand _deletePending;
    private readonly SqliteCommand _insertEquivocation;
    private readonly SqliteCommand _idAt;
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

    public CommitBatch(LedgerState state, LedgerOptions options, SqliteConnection connection)
    {
        _state = state;
        _options = options;
        _connection = connection;
        _transaction = connection.BeginTransaction();
        _insertEvent = Prepare("INSERT INTO events(author, seq, id, kind, authority, raw) VALUES($a, $s, $i, $k, $t, $r)", "$a", "$s", "$i", "$k", "$t", "$r");
        _insertPending = Prepare("INSERT OR IGNORE INTO pending(author, seq, raw) VALUES($a, $s, $r)", "$a", "$s", "$r");
        _deletePending = Prepare("DELETE FROM pending WHERE author = $a AND seq = $s", "$a", "$s");
        _insertEquivocation = Prepare("INSERT OR IGNORE INTO equivocations(author, seq, id, raw) VALUES($a, $s, $i, $r)", "$a", "$s", "$i", "$r");
        _idAt = Prepare("SELECT id, raw FROM events WHERE author = $a AND seq = $s", "$a", "$s");
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = p });
        return command;
    }

    private AssemblyId? Assembly => _assembly ?? _state.Assembly;
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

    private void MarkAuthorityChanged()
    {
        _authorityDirty = true;
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
            var authority = Authority;
            if (!authority.Permits(author, seq, rule.AllowedRoles))
            {
                var role = authority.RoleOf(author);
                return Refuse(RejectReason.NotAuthorised, role == Role.None
                    ? $"key {author.ShortHex} is not enrolled in this assembly"
                    : (role & rule.AllowedRoles) == 0
                        ? $"key {author.ShortHex} is a {role.ToString().ToLowerInvariant()}; {request.Kind} is written by {rule.AllowedRoles.ToString().ToLowerInvariant()}s"
                        : $"key {author.ShortHex} was removed; its events after #{authority.ValidThrough(author)} do not count");
            }
        }
        var e = EventSigner.Sign(assembly, request.Author, seq, head.Id, nowMs, request.Kind, request.Body);
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
            var (storedId, storedRaw) = StoredAt(e.Author, e.Seq, head);
            if (storedId == e.Id)
                return ReceiveResult.Rejected(new Rejection(RejectReason.Duplicate, $"{e.Kind} {e.Author.ShortHex}#{e.Seq} ({e.Id.ShortHex}) is already in the ledger"), e.Id);
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
        _idAt.Parameters["$a"].Value = author.ToArray();
        _idAt.Parameters["$s"].Value = seq;
        using var reader = _idAt.ExecuteReader();
        return reader.Read() ? (Bytes32.Read((byte[])reader[0]), (byte[])reader[1]) : (head.Id, null);
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
        _insertEquivocation.Parameters["$a"].Value = author.ToArray();
        _insertEquivocation.Parameters["$s"].Value = seq;
        _insertEquivocation.Parameters["$i"].Value = id.ToArray();
        _insertEquivocation.Parameters["$r"].Value = raw;
        _insertEquivocation.ExecuteNonQuery();
    }

    private ReceiveResult HoldPending(LedgerEvent e)
    {
        if (PendingOf(e.Author) >= _options.MaxPendingPerAuthor || PendingTotal >= _options.MaxPendingTotal)
            return ReceiveResult.Rejected(new Rejection(RejectReason.PendingQuotaExceeded,
                $"{e.Author.ShortHex} is not enrolled and too many of its (or unknown authors') events are already pending"), e.Id);
        _insertPending.Parameters["$a"].Value = e.Author.ToArray();
        _insertPending.Parameters["$s"].Value = e.Seq;
        _insertPending.Parameters["$r"].Value = e.Raw;
        if (_insertPending.ExecuteNonQuery() == 1)
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
        var p = _insertEvent.Parameters;
        p["$a"].Value = e.Author.ToArray();
        p["$s"].Value = e.Seq;
        p["$i"].Value = e.Id.ToArray();
        p["$k"].Value = e.Kind;
        p["$t"].Value = isAuthority ? 1 : 0;
        p["$r"].Value = e.Raw;
        _insertEvent.ExecuteNonQuery();
        _heads[e.Author] = new FeedHead(e.Seq, e.Id);
        if (_state.PendingCounts.ContainsKey(e.Author) || _pendingDelta.ContainsKey(e.Author)) _touchedPendingAuthors.Add(e.Author);
        if (!isAuthority) return;
        if (e.Kind != EventKinds.AssemblyFounded) _authorityEvents.Add(e);
        MarkAuthorityChanged();
        if (AuthorityRule.NamedMember(e) is { } named && !IsAdmitted(named))
        {
            _admitted.Add(named);
            _touchedPendingAuthors.Add(named);
        }
    }

    /// <summary>
    /// Moves pending events of authors who are now admitted into the ledger, in seq order, until nothing
    /// more moves (an admitted author's pending events may admit others).
    /// </summary>
    public void PromotePending()
    {
        while (_touchedPendingAuthors.Count > 0)
        {
            // Admitted authors' feeds move in; right after a genesis, other assemblies' waiting events are dropped.
            var authors = _touchedPendingAuthors.Where(a => (IsAdmitted(a) || _genesis is not null) && PendingOf(a) > 0).ToArray();
            _touchedPendingAuthors.Clear();
            foreach (var author in authors)
            {
                var rows = SqliteLedgerStore.ReadRawInTransaction(_connection, _transaction,
                    "SELECT raw FROM pending WHERE author = $a ORDER BY seq", ("$a", author.ToArray()));
                foreach (var raw in rows)
                {
                    // Pending rows passed the stateless checks when they arrived; they are decoded again, not re-verified.
                    if (!EventEncoding.TryDecode(raw, out var e, out _)) continue;
                    if (!IsAdmitted(author) && e.Assembly == Assembly) break; // still waiting for its enrolment
                    var result = Receive(e);
                    // Still waiting (author not admitted) or a gap that may fill later: keep it and the rest of the feed.
                    if (result.Status == ReceiveStatus.Pending || result.Rejection?.Reason is RejectReason.SeqGap) break;
                    _deletePending.Parameters["$a"].Value = author.ToArray();
                    _deletePending.Parameters["$s"].Value = e.Seq;
                    _deletePending.ExecuteNonQuery();
                    _pendingDelta[author] = _pendingDelta.GetValueOrDefault(author) - 1;
                }
            }
        }
    }

    /// <summary>Writes the projections and commits. Throws when the commit fails (the caller reloads state).</summary>
    public void Commit()
    {
        if (_assembly is { } bound) SqliteLedgerStore.WriteMeta(_connection, "assembly", bound.ToString(), _transaction);
        if (_heads.Count > 0)
        {
            using var heads = new HeadWriter(_connection, _transaction);
            foreach (var (author, head) in _heads) heads.Write(author, head);
        }
        if (_authorityDirty) SqliteLedgerStore.WriteAuthority(_connection, _transaction, Authority);
        _transaction.Commit();
    }

    /// <summary>Merges the committed overlay into the in-memory state (the caller holds the state lock).</summary>
    public void MergeInto(LedgerState state)
    {
        if (_assembly is not null) state.Assembly = _assembly;
        if (_genesis is not null) state.Genesis = _genesis;
        foreach (var (author, head) in _heads) state.Heads[author] = head;
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
        _insertEvent.Dispose();
        _insertPending.Dispose();
        _deletePending.Dispose();
        _insertEquivocation.Dispose();
        _idAt.Dispose();
        _transaction.Dispose();
    }
}
