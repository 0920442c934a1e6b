using System.Data.Common;

namespace Kiosk.Ledger.Internal;

/// <summary>
/// The thread that commits staged batches, one at a time, so the disk sync of one batch overlaps the signing of
/// the next on the writer. A dedicated thread, not the pool, so a burst of callers' continuations never delays a
/// commit. After each commit it publishes the batch's state, signs the head records of the feeds it appended to
/// (written off this thread), raises the ledger's notification, and only then completes the callers (promise 4:
/// nothing acked is lost).
/// </summary>
internal sealed class Committer : IDisposable
{
    private readonly Handoff<StagedBatch> _queue = new(capacity: 1);
    private readonly Thread _thread;
    private readonly PublishedState _published;
    private readonly OwnHeads _ownHeads;
    private readonly Action<List<LedgerEvent>> _committed;
    private readonly CommitTimings _timings;
    private long _commits;

    public Committer(PublishedState published, OwnHeads ownHeads, Action<List<LedgerEvent>> committed, CommitTimings timings)
    {
        _timings = timings;
        _published = published;
        _ownHeads = ownHeads;
        _committed = committed;
        _thread = new Thread(Run) { IsBackground = true, Name = "ledger committer" };
        _thread.Start();
    }

    /// <summary>Transactions committed so far.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public void Post(StagedBatch staged) => _queue.Add(staged);

    private void Run()
    {
        while (_queue.Take() is { } staged)
        {
            try
            {
                CommitStaged(staged);
            }
            catch (Exception bug)
            {
                // Not an environment failure but a bug: still, no caller may wait for ever.
                staged.FailCallers(bug);
                staged.Done.TrySetResult(false);
            }
        }
    }

    /// <summary>Inserts and commits a staged batch, publishes its state, records own heads, completes its callers.</summary>
    private void CommitStaged(StagedBatch staged)
    {
        var commit = staged.Commit;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                commit.Commit();
                _timings.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }
            catch (Exception error) when (error is DbException or IOException or InvalidOperationException)
            {
                _timings.RecordFailure();
                // The transaction rolled back: tell every waiting caller; the writer reloads what is durable.
                staged.FailCallers(error);
                staged.Done.TrySetResult(false);
                return;
            }
            _published.Merge(commit);
            Interlocked.Increment(ref _commits);
            if (commit.Assembly is { } assembly) _ownHeads.Record(assembly, staged.OwnHeads());
            if (commit.Stored.Count > 0) _committed(commit.Stored);
        }
        finally
        {
            commit.Dispose();
        }
        staged.CompleteCallers();
        staged.Done.TrySetResult(true);
    }

    /// <summary>Commits what was posted, then ends the thread.</summary>
    public void Dispose()
    {
        _queue.Complete();
        _thread.Join();
    }
}
