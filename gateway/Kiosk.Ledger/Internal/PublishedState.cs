namespace Kiosk.Ledger.Internal;

/// <summary>
/// The committed state as readers see it, behind one lock, with a version bumped after every change. Only the
/// writer side (a commit, a reload, a rebuild) changes it.
/// </summary>
internal sealed class PublishedState(LedgerState initial)
{
    private readonly Lock _lock = new();
    private LedgerState _state = initial;
    private long _version;

    /// <summary>Bumped, under the lock and after the change, whenever the state changes.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Reads the state under the lock.</summary>
    public T Read<T>(Func<LedgerState, T> read)
    {
        lock (_lock) return read(_state);
    }

    /// <summary>Reads the state under the lock with an argument (no closure on hot paths).</summary>
    public T Read<TArg, T>(TArg arg, Func<LedgerState, TArg, T> read)
    {
        lock (_lock) return read(_state, arg);
    }

    /// <summary>Replaces the state (after a reload or a rebuild).</summary>
    public void Replace(LedgerState state)
    {
        lock (_lock)
        {
            _state = state;
            _version++;
        }
    }

    /// <summary>Merges a committed batch into the state.</summary>
    public void Merge(CommitBatch commit)
    {
        lock (_lock)
        {
            commit.MergeInto(_state);
            _version++;
        }
    }
}
