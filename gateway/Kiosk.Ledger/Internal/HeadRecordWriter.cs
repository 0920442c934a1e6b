using Kiosk.Ledger.Storage;

namespace Kiosk.Ledger.Internal;

/// <summary>
/// Writes signed head records on a thread of its own, off the commit path: the committer signs each new record
/// (cheap) and hands it over; this thread keeps only the newest per author and writes it durably (temporary file,
/// fsync, rename), at most once per <see cref="LedgerOptions.HeadRecordInterval"/>. So a record never delays an
/// append's acknowledgement, and its disk syncs never crowd the database's: under load one file write covers the
/// commits of a whole interval. A record thus trails the database by at most about one interval, never leads it;
/// <see cref="Dispose"/> writes what is still due at once.
/// </summary>
internal sealed class HeadRecordWriter : IDisposable
{
    private readonly string _folder;
    // A plain object, not a Lock: the thread sleeps on its monitor (Monitor.Wait blocks at once, where SemaphoreSlim and
    // ManualResetEventSlim spin first: with hundreds of ledgers in one process, that spinning cost more than the writes).
    private readonly object _lock = new();
    private readonly Dictionary<Bytes32, byte[]> _due = [];
    private readonly TimeSpan _interval;
    private readonly Thread _thread;
    private bool _stopping;
    private long _failures;
    private long _written;

    public HeadRecordWriter(string folder, TimeSpan interval)
    {
        _folder = folder;
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "ledger head records" };
        _thread.Start();
    }

    /// <summary>Records that could not be written (each leaves its author's record behind until the next one).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Records written to disk.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues <paramref name="author"/>'s newest signed record, replacing one not yet written.</summary>
    public void Post(Bytes32 author, byte[] signedRecord)
    {
        lock (_lock)
        {
            // Only the first record due wakes the thread; later ones join it (a wake-up per commit was most of its cost).
            if (_due.Count == 0) Monitor.Pulse(_lock);
            _due[author] = signedRecord;
        }
    }

    private void Run()
    {
        var lastWrite = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            KeyValuePair<Bytes32, byte[]>[] batch;
            lock (_lock)
            {
                while (_due.Count == 0 && !_stopping) Monitor.Wait(_lock);
                // Pacing of disk syncs, not a clock of the ledger: real elapsed time is what the disk sees. Stopping cuts it short.
                while (!_stopping && _interval - lastWrite.Elapsed is var wait && wait > TimeSpan.Zero) Monitor.Wait(_lock, wait);
                batch = [.. _due];
                _due.Clear();
            }
            lastWrite.Restart();
            foreach (var (author, bytes) in batch)
            {
                try
                {
                    HeadRecordFiles.Write(_folder, author, bytes);
                    Interlocked.Increment(ref _written);
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    Interlocked.Increment(ref _failures);
                }
            }
            if (batch.Length == 0) return; // only when stopping: otherwise the thread waits for a record
        }
    }

    /// <summary>Writes every record still due, then ends the thread.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stopping = true;
            Monitor.Pulse(_lock);
        }
        _thread.Join();
    }
}
