namespace Kiosk.Ledger.Tests.Support;

/// <summary>A ledger's SQLite store that counts the sessions opened on it, to show which questions reach the store.</summary>
internal sealed class CountingStore(ILedgerStore inner) : ILedgerStore
{
    private int _sessions;

    public int Sessions => Volatile.Read(ref _sessions);

    public string Name => inner.Name;

    public string HeadRecordFolder => inner.HeadRecordFolder;

    public ILedgerStoreSession OpenSession()
    {
        Interlocked.Increment(ref _sessions);
        return inner.OpenSession();
    }

    public void Dispose() => inner.Dispose();
}
