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
    private readonly Lock _lock = new();
    private readonly Dictionary<Bytes32, byte[]> _due = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ManualResetEventSlim _stop = new();
    private readonly TimeSpan _interval;
    private readonly Thread _thread;
    private volatile bool _stopping;
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
        lock (_lock) _due[author] = signedRecord;
        _wake.Release();
    }

    private void Run()
    {
        var lastWrite = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            _wake.Wait();
            // Pacing of disk syncs, not a clock of the ledger: real elapsed time is what the disk sees. Stopping cuts it short.
            var wait = _interval - lastWrite.Elapsed;
            if (wait > TimeSpan.Zero) _stop.Wait(wait);
            lastWrite.Restart();
            KeyValuePair<Bytes32, byte[]>[] batch;
            lock (_lock)
            {
                batch = [.. _due];
                _due.Clear();
            }
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
            if (_stopping && batch.Length == 0) return;
        }
    }

    /// <summary>Writes every record still due, then ends the thread.</summary>
    public void Dispose()
    {
        _stopping = true;
        _stop.Set();
        _wake.Release();
        _thread.Join();
        _wake.Dispose();
        _stop.Dispose();
    }
}
