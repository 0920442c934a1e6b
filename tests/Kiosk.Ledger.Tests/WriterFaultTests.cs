using Kiosk.Ledger.Storage;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// An unexpected exception while the writer stages a batch (a bug, not a store failure) fails that batch's callers and
/// leaves the writer running: no caller waits for ever, and the next write succeeds.
/// </summary>
public sealed class WriterFaultTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_bug_while_staging_fails_its_callers_and_the_writer_goes_on()
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 1);
        var store = new FaultyStore(new SqliteLedgerStore(built.Path));
        await using var ledger = Ledger.Open(store, TestKinds.Options());

        // An author no one enrolled: its event is held pending, which makes staging open a write transaction.
        using var stranger = AuthorKeyPair.Generate();
        var unknown = EventSigner.Sign(ledger.Assembly!.Value, stranger, 1, Bytes32.Zero, 1_700_000_000_000, TestKinds.Note, TestKinds.NoteBody("who am I"));

        store.FailNextWrite = true;
        var failed = await Assert.ThrowsAsync<NotSupportedException>(() => ledger.ReceiveAsync(unknown.Raw).WaitAsync(Deadline));
        Assert.Equal(FaultyStore.Message, failed.Message);

        var after = await ledger.AppendAsync(built.Gateway, TestKinds.Note, TestKinds.NoteBody("still writing")).WaitAsync(Deadline);
        Assert.NotNull(after.Event);
        Assert.True(ledger.Holds(built.Gateway.PublicKey, after.Event!.Seq, after.Event.Id));
    }

    /// <summary>A store whose next write transaction throws an exception no store would (a stand-in for a bug).</summary>
    private sealed class FaultyStore(ILedgerStore inner) : ILedgerStore
    {
        public const string Message = "a bug while staging";

        public volatile bool FailNextWrite;

        public string Name => inner.Name;

        public string HeadRecordFolder => inner.HeadRecordFolder;

        public ILedgerStoreSession OpenSession() => new Session(this, inner.OpenSession());

        public void Dispose() => inner.Dispose();

        private sealed class Session(FaultyStore store, ILedgerStoreSession inner) : ILedgerStoreSession
        {
            public ILedgerStoreTransaction BeginWrite()
            {
                if (store.FailNextWrite)
                {
                    store.FailNextWrite = false;
                    throw new NotSupportedException(Message);
                }
                return inner.BeginWrite();
            }

            public Bytes32? IdAt(Bytes32 author, long seq) => inner.IdAt(author, seq);
            public IReadOnlyList<byte[]> ReadFeed(Bytes32 author, long fromSeq, long toSeq) => inner.ReadFeed(author, fromSeq, toSeq);
            public IEnumerable<byte[]> ReadAll() => inner.ReadAll();
            public IReadOnlyList<byte[]> ReadForkProof(Bytes32 author) => inner.ReadForkProof(author);
            public long? ExternalChangeVersion() => inner.ExternalChangeVersion();
            public string? ReadAssembly() => inner.ReadAssembly();
            public Dictionary<Bytes32, FeedHead> ReadHeads() => inner.ReadHeads();
            public Dictionary<Bytes32, long> ReadForks() => inner.ReadForks();
            public Dictionary<Bytes32, int> ReadPendingCounts() => inner.ReadPendingCounts();
            public IReadOnlyList<byte[]> ReadAuthorityEvents() => inner.ReadAuthorityEvents();
            public void RebuildDerived(IReadOnlyCollection<string> authorityKinds) => inner.RebuildDerived(authorityKinds);
            public void Dispose() => inner.Dispose();
        }
    }
}
