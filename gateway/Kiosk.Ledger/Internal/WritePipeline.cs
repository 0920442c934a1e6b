using System.Threading.Channels;
using System.Data.Common;

namespace Kiosk.Ledger.Internal;

/// <summary>
/// The ledger's single writer: a queue of write requests, a loop that stages them in batches (checks, seq and prev,
/// signatures) against its own working state, and the <see cref="Committer"/> that commits each batch. Staging of
/// one batch overlaps the commit of the one before: one core signs while the disk syncs. Between batches, and every
/// <see cref="LedgerOptions.ExternalWriteCheck"/> while idle, it notices commits by another process (the command line
/// writing into a running gateway's folder), reloads, and announces their events like its own.
/// </summary>
internal sealed class WritePipeline : IAsyncDisposable
{
    private readonly ILedgerStore _store;
    private readonly LedgerOptions _options;
    private readonly PublishedState _published;
    private readonly OwnHeads _ownHeads;
    private readonly Committer _committer;
    private readonly Channel<WriteRequest> _requests = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<List<LedgerEvent>> _committed;
    private readonly Task _writer;

    /// <summary>The writer connection's <c>PRAGMA data_version</c> when the state was last in step with the file.</summary>
    private long? _dataVersion;

    /// <summary>The writer's own state: committed plus the batch still committing, which the next batch stages on.</summary>
    private LedgerState _working;

    public WritePipeline(ILedgerStore store, LedgerOptions options, PublishedState published, LedgerState working, OwnHeads ownHeads, Action<List<LedgerEvent>> committed)
    {
        _store = store;
        _options = options;
        _published = published;
        _working = working;
        _ownHeads = ownHeads;
        _committed = committed;
        _committer = new Committer(published, ownHeads, committed, Timings);
        _writer = Task.Factory.StartNew(WriterLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Transactions committed so far.</summary>
    public long Commits => _committer.Commits;

    /// <summary>How long commits took, and how many failed.</summary>
    public CommitTimings Timings { get; } = new();

    /// <summary>Queues an append; completes after its commit.</summary>
    public async Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        await _requests.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return await request.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Queues checked events; the returned task completes after their commit.</summary>
    public async Task<Task<ReceiveResult[]>> SubmitAsync(ReceiveRequest request, CancellationToken cancellationToken)
    {
        await _requests.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return request.Completion.Task;
    }

    /// <summary>Queues a rebuild of the projections; completes when it is done.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var request = new RebuildRequest();
        await _requests.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await request.Completion.Task.ConfigureAwait(false);
    }

    private async Task WriterLoop()
    {
        using var session = _store.OpenSession();
        var batch = new List<WriteRequest>(_options.MaxRequestsPerCommit);
        StagedBatch? committing = null;
        _dataVersion = session.ExternalChangeVersion();
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
                    if (!await WaitForRequestsAsync(session).ConfigureAwait(false)) break;
                }
                // Nothing of this writer's is committing: the state is what this connection committed, so a changed data
                // version means another process committed. Staging on a stale state would only fail at the insert.
                if (committing is null) CatchUpExternalWrites(session);
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
                if (batch.Count > 0) committing = await StageAsync(session, [.. batch], committing).ConfigureAwait(false);
                if (rebuild is not null)
                {
                    if (committing is not null) await FinishAsync(committing).ConfigureAwait(false);
                    committing = null;
                    Rebuild(session, rebuild);
                }
            }
        }
        catch (Exception broken)
        {
            // The writer cannot go on (the store broke while reloading): no caller may wait for ever. What is queued
            // fails with the cause, and every later write fails at once with it (ChannelClosedException's inner exception).
            _requests.Writer.TryComplete(broken);
            foreach (var request in batch) request.Fail(broken);
            while (_requests.Reader.TryRead(out var queued)) queued.Fail(broken);
        }
        finally
        {
            if (committing is not null) await FinishAsync(committing).ConfigureAwait(false);
            _committer.Dispose();
        }
    }

    /// <summary>
    /// Stages a batch against the working state while <paramref name="previous"/> may still be committing, then hands
    /// it to the committer once the previous commit is done. A batch stacked on a failed commit is staged again on
    /// the reloaded state, so callers see exactly what a one-batch-at-a-time writer would give them.
    /// </summary>
    private async Task<StagedBatch?> StageAsync(ILedgerStoreSession session, WriteRequest[] requests, StagedBatch? previous)
    {
        var receivedBefore = previous is null ? null : requests.OfType<ReceiveRequest>().Select(r => (r, (ReceiveResult?[])r.Results.Clone())).ToArray();
        while (true)
        {
            var commit = new CommitBatch(_working, _options, session, _ownHeads);
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
                Stage(commit, requests);
                if (previous is not null && !await previous.Done.Task.ConfigureAwait(false)) throw new PreviousCommitFailedException();
                commit.MergeInto(_working);
                var staged = new StagedBatch(commit, requests);
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
            catch (Exception error)
            {
                // The store failed, or staging hit a bug: either way these callers are told, and the writer goes on
                // from what is durable. (A bug that escaped here used to end the writer and leave every caller waiting.)
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

    /// <summary>Applies each request to the batch, then moves in what waited pending for an enrolment the batch holds.</summary>
    private void Stage(CommitBatch commit, WriteRequest[] requests)
    {
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
    }

    /// <summary>Waits for a handed-off batch; after a failed commit, both states are reloaded from what is durable.</summary>
    private async Task FinishAsync(StagedBatch staged)
    {
        if (!await staged.Done.Task.ConfigureAwait(false)) ReloadStates();
    }

    /// <summary>
    /// Reloads both states from what is durable (after a failed commit, or a commit by another process) and announces
    /// the events the published state did not hold — never this writer's own (a failed batch is not durable), only
    /// another process's — so followers (the mesh, the live pages) see them as committed.
    /// </summary>
    private void ReloadStates()
    {
        using var session = _store.OpenSession();
        var before = _published.Read(static s => new Dictionary<Bytes32, FeedHead>(s.Heads));
        var state = StateLoader.Load(session, _store.Name);
        var fresh = new List<LedgerEvent>();
        foreach (var (author, head) in state.Heads)
        {
            var known = before.GetValueOrDefault(author, FeedHead.Empty).Seq;
            if (head.Seq <= known) continue;
            foreach (var raw in session.ReadFeed(author, known + 1, head.Seq))
                if (EventEncoding.TryDecode(raw, out var e, out _)) fresh.Add(e);
        }
        _working = StateLoader.Load(session, _store.Name);
        _published.Replace(state);
        if (fresh.Count > 0) _committed(fresh);
    }

    /// <summary>
    /// Waits for the next request; while idle, checks every <see cref="LedgerOptions.ExternalWriteCheck"/> for commits by
    /// another process. False when the ledger is closing. The check paces itself on real time, not the ledger's clock:
    /// what it watches is another process's disk writes.
    /// </summary>
    private async Task<bool> WaitForRequestsAsync(ILedgerStoreSession session)
    {
        CatchUpExternalWrites(session);
        var waiting = _requests.Reader.WaitToReadAsync().AsTask();
        if (_options.ExternalWriteCheck is { } interval)
        {
            while (!waiting.IsCompleted)
            {
                await Task.WhenAny(waiting, Task.Delay(interval)).ConfigureAwait(false);
                if (!waiting.IsCompleted) CatchUpExternalWrites(session);
            }
        }
        return await waiting.ConfigureAwait(false);
    }

    /// <summary>Reloads when another connection committed since this one last looked (SQLite's <c>PRAGMA data_version</c>).</summary>
    private void CatchUpExternalWrites(ILedgerStoreSession session)
    {
        long? version;
        try
        {
            version = session.ExternalChangeVersion();
            if (version is null || version == _dataVersion) return;
            ReloadStates();
        }
        catch (Exception error) when (error is DbException or IOException or InvalidDataException)
        {
            // The file is busy or being changed under us: the next check tries again; writes meanwhile refuse or fail as before.
            return;
        }
        _dataVersion = version;
    }

    private void Rebuild(ILedgerStoreSession session, RebuildRequest request)
    {
        try
        {
            var state = ProjectionRebuild.Run(session, _store, _options.Kinds);
            _working = StateLoader.Load(_store);
            _published.Replace(state);
            request.Completion.TrySetResult();
        }
        catch (Exception error) when (error is DbException or IOException or InvalidDataException or InvalidOperationException)
        {
            request.Fail(error);
        }
    }

    /// <summary>Lets queued work finish, then stops the writer and the committer.</summary>
    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
