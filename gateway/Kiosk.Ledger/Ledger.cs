using System.Threading.Channels;
using Kiosk.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger;

/// <summary>
/// An assembly's signed, replicated ledger on one machine: a SQLite store, the in-memory state derived from it,
/// and a single writer that group-commits appends and received events. Every append and receive completes
/// only after its transaction is durable (promise 4: nothing acked is lost).
/// </summary>
public sealed partial class Ledger : IAsyncDisposable, IDisposable
{
    private readonly SqliteLedgerStore _store;
    private readonly LedgerOptions _options;
    private readonly EventValidator _validator;
    private readonly Channel<WriteRequest> _requests = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly object _stateLock = new();
    private readonly Committer _committer;

    /// <summary>The committed state, as readers see it (under <see cref="_stateLock"/>).</summary>
    private LedgerState _state;

    /// <summary>The writer's own state: committed plus the batch still committing, which the next batch stages on.</summary>
    private LedgerState _working;

    private long _commits;

    private Ledger(SqliteLedgerStore store, LedgerOptions options, LedgerState state, LedgerState working)
    {
        _store = store;
        _options = options;
        _state = state;
        _working = working;
        _validator = new EventValidator(options.Kinds);
        _committer = new Committer(this);
        _writer = Task.Factory.StartNew(WriterLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Opens (creating when absent) the ledger file at <paramref name="path"/>.</summary>
    public static Ledger Open(string path, LedgerOptions? options = null)
    {
        options ??= new LedgerOptions();
        var store = new SqliteLedgerStore(path);
        try
        {
            var state = LoadState(store);
            if (options.Assembly is { } expected && state.Assembly is { } actual && expected != actual)
                throw new InvalidDataException($"{store.Path} holds assembly {actual}, not {expected}");
            return new Ledger(store, options, state, LoadState(store));
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path => _store.Path;

    /// <summary>The assembly this ledger belongs to, once its genesis is known.</summary>
    public AssemblyId? Assembly { get { lock (_stateLock) return _state.Assembly; } }

    /// <summary>The current authority table (who may write what).</summary>
    public AuthorityTable Authority { get { lock (_stateLock) return _state.Authority; } }

    /// <summary>
    /// Raised after each commit that stored events (authored or received), once they are durable and visible to readers.
    /// Handlers run on the ledger's committer thread: they must only signal (wake a loop, write to a channel), never block.
    /// </summary>
    public event EventHandler<LedgerCommittedEventArgs>? Committed;

    /// <summary>Number of transactions committed since the ledger was opened (group commit shares them).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// Bumped (under the state lock, after the change) whenever the published state changes: a commit, a reload, a
    /// rebuild. A reader that saw the same value before reading <see cref="Vector"/> and <see cref="Authority"/> knows
    /// neither has changed since; read without a lock.
    /// </summary>
    public long StateVersion => Volatile.Read(ref _stateVersion);

    private long _stateVersion;

    /// <summary>What this replica holds: author → highest seq.</summary>
    public VersionVector Vector
    {
        get { lock (_stateLock) return new VersionVector(_state.Heads.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Seq))); }
    }

    /// <summary>Feeds that are forked, with the seq from which they no longer count.</summary>
    public IReadOnlyDictionary<Bytes32, long> Forks { get { lock (_stateLock) return new Dictionary<Bytes32, long>(_state.Forks); } }

    /// <summary>Number of events held pending for authors not yet enrolled.</summary>
    public int PendingCount { get { lock (_stateLock) return _state.PendingTotal; } }

    /// <summary>The head of <paramref name="author"/>'s feed.</summary>
    public FeedHead HeadOf(Bytes32 author) { lock (_stateLock) return _state.HeadOf(author); }

    /// <summary>
    /// Founds a new assembly: writes the genesis event signed by the founding key. Its id is derived from
    /// the key and a fresh salt, so the genesis proves who founded it.
    /// </summary>
    public Task<AppendResult> FoundAsync(AuthorKeyPair founder, string name, IReadOnlyList<string> languages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(founder);
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Bodies.AssemblyFoundedBody.SaltLength);
        var body = new Bodies.AssemblyFoundedBody(name, Convert.ToHexStringLower(salt), [.. languages]);
        if (body.Check() is { } problem) return Task.FromResult(new AppendResult(null, new Rejection(RejectReason.MalformedBody, problem)));
        return Enqueue(new AppendRequest(founder, EventKinds.AssemblyFounded, Bodies.BodyJson.Write(body), AssemblyId.Derive(founder.PublicKey, salt)), cancellationToken);
    }

    /// <summary>
    /// Authors the next event of <paramref name="author"/>'s feed and returns once it is durably committed.
    /// Refused, with nothing written, when the kind is unknown, the body malformed, or the author may not write it.
    /// </summary>
    public Task<AppendResult> AppendAsync(AuthorKeyPair author, string kind, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        AppendAsync(author, kind, body, TimeSpan.FromMilliseconds(1), cancellationToken);

    /// <summary>
    /// Authors an event whose author time is rounded down to <paramref name="timeGranularity"/>: a secret ballot's
    /// votes carry a coarse time, so a vote cannot be matched to the moment someone stood at a kiosk.
    /// </summary>
    public Task<AppendResult> AppendAsync(AuthorKeyPair author, string kind, ReadOnlyMemory<byte> body, TimeSpan timeGranularity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(author);
        if (!_options.Kinds.TryGet(kind, out var rule))
            return Task.FromResult(new AppendResult(null, new Rejection(RejectReason.UnknownKind, $"kind '{kind}' is not known")));
        if (kind == EventKinds.AssemblyFounded)
            return Task.FromResult(new AppendResult(null, new Rejection(RejectReason.BadGenesis, "a genesis is written by FoundAsync")));
        if (body.Length > EventEncoding.MaxBodyLength)
            return Task.FromResult(new AppendResult(null, new Rejection(RejectReason.Oversize, $"body is {body.Length} bytes; the limit is {EventEncoding.MaxBodyLength}")));
        if (rule.CheckBody(body) is { } problem)
            return Task.FromResult(new AppendResult(null, new Rejection(RejectReason.MalformedBody, $"{kind}: {problem}")));
        return Enqueue(new AppendRequest(author, kind, body.ToArray(), null, (long)timeGranularity.TotalMilliseconds), cancellationToken);
    }

    private async Task<AppendResult> Enqueue(AppendRequest request, CancellationToken cancellationToken)
    {
        await _requests.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return await request.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Receives events from a peer, an import or a relay: each is checked (signatures in parallel), then stored,
    /// held pending, or refused with a reason. Returns one result per input, in input order, after the commit.
    /// </summary>
    public async Task<IReadOnlyList<ReceiveResult>> ReceiveAsync(IReadOnlyList<byte[]> raws, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raws);
        var expected = Assembly;
        var chunks = new List<Task<ReceiveResult[]>>();
        for (var start = 0; start < raws.Count; start += _options.ReceiveChunkSize)
        {
            var count = Math.Min(_options.ReceiveChunkSize, raws.Count - start);
            var events = new LedgerEvent?[count];
            var results = new ReceiveResult?[count];
            var offset = start;
            // Verification is the costly part; it runs on all cores while the writer commits the previous chunk.
            Parallel.For(0, count, i =>
            {
                events[i] = _validator.Check(raws[offset + i], expected, out var rejection);
                if (rejection is not null) results[i] = ReceiveResult.Rejected(rejection, events[i]?.Id);
            });
            var request = new ReceiveRequest(events, results);
            await _requests.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            chunks.Add(request.Completion.Task);
        }
        var all = new List<ReceiveResult>(raws.Count);
        foreach (var chunk in chunks) all.AddRange(await chunk.ConfigureAwait(false));
        return all;
    }

    /// <summary>Receives one event.</summary>
    public async Task<ReceiveResult> ReceiveAsync(byte[] raw, CancellationToken cancellationToken = default) =>
        (await ReceiveAsync([raw], cancellationToken).ConfigureAwait(false))[0];

    private async Task WriterLoop()
    {
        using var connection = _store.OpenConnection();
        using var statements = new CommitStatements(connection);
        var batch = new List<WriteRequest>(_options.MaxRequestsPerCommit);
        Staged? committing = null;
        try
        {
            while (true)
            {
                if (!_requests.Reader.TryPeek(out _))
                {
                    // Nothing new to stage: let the batch in flight finish before sleeping on the queue.
                    if (committing is not null)
                    {
                        await FinishAsync(committing).ConfigureAwait(false);
                        committing = null;
                        continue;
                    }
                    if (!await _requests.Reader.WaitToReadAsync().ConfigureAwait(false)) break;
                }
                batch.Clear();
                var events = 0;
                RebuildRequest? rebuild = null;
                while (batch.Count < _options.MaxRequestsPerCommit && events < _options.ReceiveChunkSize * 2 && _requests.Reader.TryRead(out var request))
                {
                    if (request is RebuildRequest r)
                    {
                        rebuild = r;
                        break;
                    }
                    batch.Add(request);
                    events += request is ReceiveRequest receive ? receive.Events.Length : 1;
                }
                if (batch.Count > 0) committing = await StageAsync(statements, [.. batch], committing).ConfigureAwait(false);
                if (rebuild is not null)
                {
                    if (committing is not null) await FinishAsync(committing).ConfigureAwait(false);
                    committing = null;
                    Rebuild(connection, rebuild);
                }
            }
        }
        finally
        {
            if (committing is not null) await FinishAsync(committing).ConfigureAwait(false);
            _committer.Dispose();
        }
    }

    /// <summary>A staged batch handed to the committer; <see cref="Done"/> says whether its commit succeeded.</summary>
    private sealed class Staged(CommitBatch commit, WriteRequest[] requests)
    {
        public CommitBatch Commit { get; } = commit;
        public WriteRequest[] Requests { get; } = requests;
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Thrown into staging when the batch it was stacked on failed to commit: staging starts again.</summary>
    private sealed class PreviousCommitFailedException : Exception;

    /// <summary>
    /// Stages a batch (checks, seq and prev, signatures) against the working state while <paramref name="previous"/>
    /// may still be committing, then hands it to the committer once the previous commit is done. Group commit and
    /// signing thus overlap: one core signs while the disk syncs. A batch stacked on a failed commit is staged again
    /// on the reloaded state, so callers see exactly what a one-batch-at-a-time writer would give them.
    /// </summary>
    private async Task<Staged?> StageAsync(CommitStatements statements, WriteRequest[] requests, Staged? previous)
    {
        var receivedBefore = previous is null ? null : requests.OfType<ReceiveRequest>().Select(r => (r, (ReceiveResult?[])r.Results.Clone())).ToArray();
        while (true)
        {
            var commit = new CommitBatch(_working, _options, statements);
            var handedOff = false;
            try
            {
                if (previous is not null)
                {
                    var waitFor = previous;
                    commit.BeforeFirstSql = () =>
                    {
                        // Only one transaction at a time on the connection: staging that reads the store waits for the commit.
                        if (!waitFor.Done.Task.GetAwaiter().GetResult()) throw new PreviousCommitFailedException();
                    };
                }
                var nowMs = _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
                foreach (var request in requests)
                {
                    switch (request)
                    {
                        case AppendRequest append:
                            append.Result = commit.Append(append, nowMs);
                            break;
                        case ReceiveRequest receive:
                            for (var i = 0; i < receive.Events.Length; i++)
                                if (receive.Results[i] is null && receive.Events[i] is { } e) receive.Results[i] = commit.Receive(e);
                            break;
                    }
                }
                commit.PromotePending();
                // An event that waited only for an enrolment later in the same batch is in the ledger now: say so.
                foreach (var request in requests.OfType<ReceiveRequest>())
                    for (var i = 0; i < request.Results.Length; i++)
                        if (request.Results[i] is { Status: ReceiveStatus.Pending, EventId: { } id } && commit.Promoted.Contains(id))
                            request.Results[i] = ReceiveResult.Accepted(id);
                commit.Seal();
                if (previous is not null && !await previous.Done.Task.ConfigureAwait(false)) throw new PreviousCommitFailedException();
                commit.MergeInto(_working);
                var staged = new Staged(commit, requests);
                _committer.Post(staged);
                handedOff = true;
                return staged;
            }
            catch (PreviousCommitFailedException)
            {
                // The batch below failed and its callers were told; this one was staged on events that never became durable.
                ReloadStates();
                foreach (var (receive, results) in receivedBefore!) results.CopyTo(receive.Results, 0);
                previous = null;
            }
            catch (Exception error) when (error is SqliteException or IOException or InvalidOperationException)
            {
                if (previous is not null) await previous.Done.Task.ConfigureAwait(false);
                ReloadStates();
                foreach (var request in requests) request.Fail(error);
                return null;
            }
            finally
            {
                if (!handedOff) commit.Dispose();
            }
        }
    }

    /// <summary>Waits for a handed-off batch; after a failed commit, both states are reloaded from what is durable.</summary>
    private async Task FinishAsync(Staged staged)
    {
        if (!await staged.Done.Task.ConfigureAwait(false)) ReloadStates();
    }

    private void ReloadStates()
    {
        _working = LoadState(_store);
        var state = LoadState(_store);
        lock (_stateLock)
        {
            _state = state;
            _stateVersion++;
        }
    }

    /// <summary>Runs on the committer thread: inserts and commits a staged batch, publishes its state, completes its callers.</summary>
    private void CommitStaged(Staged staged)
    {
        var commit = staged.Commit;
        try
        {
            try
            {
                commit.Commit();
            }
            catch (Exception error) when (error is SqliteException or IOException or InvalidOperationException)
            {
                // The transaction rolled back: tell every waiting caller; the writer reloads what is durable.
                foreach (var request in staged.Requests) request.Fail(error);
                staged.Done.TrySetResult(false);
                return;
            }
            lock (_stateLock)
            {
                commit.MergeInto(_state);
                _stateVersion++;
            }
            Interlocked.Increment(ref _commits);
            if (commit.Stored.Count > 0) Committed?.Invoke(this, new LedgerCommittedEventArgs(commit.Stored));
        }
        finally
        {
            commit.Dispose();
        }
        foreach (var request in staged.Requests)
        {
            switch (request)
            {
                case AppendRequest append: append.Completion.TrySetResult(append.Result!); break;
                case ReceiveRequest receive: receive.Completion.TrySetResult(receive.Results!); break;
            }
        }
        staged.Done.TrySetResult(true);
    }

    /// <summary>
    /// The thread that commits staged batches, one at a time, so the disk sync of one batch overlaps the signing of
    /// the next on the writer. A dedicated thread, not the pool, so a burst of callers' continuations never delays a commit.
    /// </summary>
    private sealed class Committer : IDisposable
    {
        private readonly System.Collections.Concurrent.BlockingCollection<Staged> _queue = new(boundedCapacity: 1);
        private readonly Thread _thread;

        public Committer(Ledger ledger)
        {
            _thread = new Thread(() =>
            {
                foreach (var staged in _queue.GetConsumingEnumerable())
                {
                    try
                    {
                        ledger.CommitStaged(staged);
                    }
                    catch (Exception bug)
                    {
                        // Not an environment failure but a bug: still, no caller may wait for ever.
                        foreach (var request in staged.Requests) request.Fail(bug);
                        staged.Done.TrySetResult(false);
                    }
                }
            })
            { IsBackground = true, Name = "ledger committer" };
            _thread.Start();
        }

        public void Post(Staged staged) => _queue.Add(staged);

        /// <summary>Commits what was posted, then ends the thread.</summary>
        public void Dispose()
        {
            _queue.CompleteAdding();
            _thread.Join();
            _queue.Dispose();
        }
    }

    private static LedgerState LoadState(SqliteLedgerStore store)
    {
        using var connection = store.OpenConnection();
        var state = new LedgerState
        {
            Heads = SqliteLedgerStore.ReadHeads(connection),
            Forks = SqliteLedgerStore.ReadForks(connection),
            PendingCounts = SqliteLedgerStore.ReadPendingCounts(connection),
        };
        if (AssemblyId.TryParse(SqliteLedgerStore.ReadMeta(connection, "assembly"), out var assembly)) state.Assembly = assembly;
        foreach (var raw in SqliteLedgerStore.ReadRaw(connection, "SELECT raw FROM events WHERE authority = 1 ORDER BY author, seq"))
        {
            if (!EventEncoding.TryDecode(raw, out var e, out var problem))
                throw new InvalidDataException($"{store.Path}: a stored authority event does not decode ({problem}); run kiosk verify");
            if (e.Kind == EventKinds.AssemblyFounded)
            {
                state.Genesis = e;
                state.Admitted.Add(e.Author);
            }
            else
            {
                state.AuthorityEvents.Add(e);
            }
            if (AuthorityRule.NamedMember(e) is { } named) state.Admitted.Add(named);
        }
        state.RecomputeAuthority();
        return state;
    }

    /// <summary>Reads events <paramref name="fromSeq"/>..<paramref name="toSeq"/> of a feed, in seq order.</summary>
    public IReadOnlyList<LedgerEvent> ReadFeed(Bytes32 author, long fromSeq = 1, long toSeq = long.MaxValue)
    {
        using var connection = _store.OpenConnection();
        return Decode(SqliteLedgerStore.ReadRaw(connection, "SELECT raw FROM events WHERE author = $a AND seq BETWEEN $f AND $t ORDER BY seq",
            ("$a", author.ToArray()), ("$f", fromSeq), ("$t", toSeq)));
    }

    /// <summary>Every event <paramref name="theirs"/> lacks, feed by feed in seq order (what to send a peer).</summary>
    public IReadOnlyList<LedgerEvent> ReadMissing(VersionVector theirs)
    {
        var missing = new List<LedgerEvent>();
        foreach (var range in Vector.Missing(theirs)) missing.AddRange(ReadFeed(range.Author, range.FromSeq, range.ToSeq));
        return missing;
    }

    /// <summary>Every stored event in (author, seq) order.</summary>
    public IEnumerable<LedgerEvent> ReadAll()
    {
        using var connection = _store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT raw FROM events ORDER BY author, seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var raw = (byte[])reader[0];
            if (EventEncoding.TryDecode(raw, out var e, out _)) yield return e;
            else throw new InvalidDataException($"{Path}: a stored event does not decode; run kiosk verify");
        }
    }

    /// <summary>Whether a stored event counts: its author holds the right role, within its cut-off, below any fork.</summary>
    public bool IsApplied(LedgerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        lock (_stateLock)
        {
            if (!_options.Kinds.TryGet(e.Kind, out var rule)) return false;
            if (rule.IsAuthority) return _state.Authority.EffectiveEvents.Contains(e.Id);
            return e.Seq <= _state.AppliedThrough(e.Author) && _state.Authority.Permits(e.Author, e.Seq, rule.AllowedRoles);
        }
    }

    /// <summary>The applied events of the given kinds, in (author, seq) order.</summary>
    public IEnumerable<LedgerEvent> ReadApplied(params string[] kinds)
    {
        var wanted = kinds.Length == 0 ? null : new HashSet<string>(kinds, StringComparer.Ordinal);
        return ReadAll().Where(e => (wanted is null || wanted.Contains(e.Kind)) && IsApplied(e));
    }

    /// <summary>
    /// A hash of the state the applied events define: identical on every replica that holds the same events,
    /// whatever order they arrived in (see <see cref="StateHasher"/>).
    /// </summary>
    public Bytes32 StateHash()
    {
        lock (_stateLock)
        {
            using var connection = _store.OpenConnection();
            return StateHasher.Hash(_state, (author, seq) =>
                SqliteLedgerStore.ReadRaw(connection, "SELECT id FROM events WHERE author = $a AND seq = $s", ("$a", author.ToArray()), ("$s", seq))
                    is [var id] ? Bytes32.Read(id) : throw new InvalidDataException($"event {author.ShortHex}#{seq} is missing from {Path}"));
        }
    }

    /// <summary>Recomputes the projections (feeds, members, devices) from the events and reloads the state.</summary>
    public async Task RebuildProjectionsAsync(CancellationToken cancellationToken = default)
    {
        // Runs on the writer, between commits, so no transaction interleaves with the rebuild.
        var request = new RebuildRequest();
        await _requests.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await request.Completion.Task.ConfigureAwait(false);
    }

    private void Rebuild(SqliteConnection connection, RebuildRequest request)
    {
        try
        {
            using (var transaction = connection.BeginTransaction())
            {
                SqliteLedgerStore.WriteAllHeads(connection, transaction, SqliteLedgerStore.ComputeHeads(connection));
                transaction.Commit();
            }
            var state = LoadState(_store);
            using (var transaction = connection.BeginTransaction())
            {
                SqliteLedgerStore.WriteAuthority(connection, transaction, state.Authority);
                transaction.Commit();
            }
            _working = LoadState(_store);
            lock (_stateLock)
            {
                _state = state;
                _stateVersion++;
            }
            request.Completion.TrySetResult();
        }
        catch (Exception error) when (error is SqliteException or IOException or InvalidDataException)
        {
            request.Fail(error);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _store.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static List<LedgerEvent> Decode(List<byte[]> raws)
    {
        var events = new List<LedgerEvent>(raws.Count);
        foreach (var raw in raws)
        {
            if (!EventEncoding.TryDecode(raw, out var e, out var problem)) throw new InvalidDataException($"a stored event does not decode ({problem}); run kiosk verify");
            events.Add(e);
        }
        return events;
    }
}
