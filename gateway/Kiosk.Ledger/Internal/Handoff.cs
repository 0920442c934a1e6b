namespace Kiosk.Ledger.Internal;

/// <summary>
/// Hands items from one thread to another, at most <c>capacity</c> waiting, with waits that block at once instead of
/// spinning first. <c>BlockingCollection</c> and <c>SemaphoreSlim</c> spin (yielding the core again and again) before
/// they block, which pays when a wake-up follows within microseconds; a ledger's committer waits for a batch that
/// comes milliseconds later, and a process holding hundreds of ledgers (a hub, the hub benchmark) spent about a third
/// of its CPU in that spinning.
/// </summary>
internal sealed class Handoff<T>(int capacity) where T : class
{
    // A plain object, not a Lock: Monitor.Wait and Pulse need the monitor of an object.
    private readonly object _lock = new();
    private readonly Queue<T> _items = new(capacity);
    private bool _completed;

    /// <summary>Queues <paramref name="item"/>, waiting while <c>capacity</c> items are queued already.</summary>
    public void Add(T item)
    {
        lock (_lock)
        {
            if (_completed) throw new InvalidOperationException("the handoff is completed");
            while (_items.Count >= capacity) Monitor.Wait(_lock);
            _items.Enqueue(item);
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>The next item, waiting for one; null once <see cref="Complete"/> was called and every item was taken.</summary>
    public T? Take()
    {
        lock (_lock)
        {
            while (_items.Count == 0)
            {
                if (_completed) return null;
                Monitor.Wait(_lock);
            }
            var item = _items.Dequeue();
            Monitor.PulseAll(_lock);
            return item;
        }
    }

    /// <summary>No more items come: <see cref="Take"/> returns null once the queue is empty.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            Monitor.PulseAll(_lock);
        }
    }
}
