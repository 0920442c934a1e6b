using Kiosk.Ledger.Internal;
using Kiosk.Ledger.Storage;

namespace Kiosk.Ledger;

/// <summary>
/// An assembly's signed, replicated ledger on one machine: a store (a SQLite file on a gateway, or a hub's
/// PostgreSQL database through <see cref="ILedgerStore"/>), the in-memory state derived from it,
/// and a single writer that group-commits appends and received events. Every append and receive completes
/// only after its transaction is durable (promise 4: nothing acked is lost). Reads are in <c>Ledger.Reads.cs</c>;
/// the machinery is in <c>Internal/</c> (writer, state) and <c>Storage/</c> (SQL, head record files).
/// </summary>
public sealed partial class Ledger : IAsyncDisposable, IDisposable
{
    private readonly ILedgerStore _store;
    private readonly LedgerOptions _options;
    private readonly EventValidator _validator;
    private readonly PublishedState _published;
    private readonly OwnHeads _ownHeads;
    private readonly WritePipeline _pipeline;
    private int _disposed;
    private int _pinned;

    private Ledger(ILedgerStore store, LedgerOptions options, LedgerState state, LedgerState working, OwnHeads ownHeads)
    {
        _store = store;
        _options = options;
        _published = new PublishedState(state);
        _ownHeads = ownHeads;
        _validator = new EventValidator(options.Kinds);
        _pipeline = new WritePipeline(store, options, _published, working, ownHeads, stored => Committed?.Invoke(this, new LedgerCommittedEventArgs(stored)));
    }

    /// <summary>
    /// Opens (creating when absent) the ledger file at <paramref name="path"/>. Its head records (the folder
    /// <c>ledger.heads</c> beside <c>ledger.db</c>) are read too: a feed whose record names a later event than the file
    /// holds is not written again (<see cref="RejectReason.FeedRolledBack"/>) until the missing events are received back.
    /// </summary>
    public static Ledger Open(string path, LedgerOptions? options = null) => Open(new SqliteLedgerStore(path, options?.ReadOnly ?? false), options);

    /// <summary>
    /// Opens a ledger on <paramref name="store"/>, which it owns from now on (disposed with the ledger, or here when
    /// opening fails). The same checks, rules and state as a ledger file: only where the rows live differs.
    /// </summary>
    public static Ledger Open(ILedgerStore store, LedgerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new LedgerOptions();
        OwnHeads? ownHeads = null;
        try
        {
            var state = StateLoader.Load(store);
            if (options.Assembly is { } expected && state.Assembly is { } actual && expected != actual)
                throw new InvalidDataException($"{store.Name} holds assembly {actual}, not {expected}");
            var working = StateLoader.Load(store);
            using (var session = store.OpenSession())
                ownHeads = OwnHeads.Load(store.HeadRecordFolder, state.Assembly, options.HeadRecordInterval, session.IdAt);
            return new Ledger(store, options, state, working, ownHeads);
        }
        catch
        {
            ownHeads?.Dispose();
            store.Dispose();
            throw;
        }
    }

    /// <summary>The database file (or, for another store, what <see cref="ILedgerStore.Name"/> calls it).</summary>
    public string Path => _store.Name;

    /// <summary>The folder of this ledger's head records (beside the database).</summary>
    public string HeadRecordFolder => _store.HeadRecordFolder;

    /// <summary>The assembly this ledger belongs to, once its genesis is known.</summary>
    public AssemblyId? Assembly => _published.Read(static s => s.Assembly);

    /// <summary>The current authority table (who may write what).</summary>
    public AuthorityTable Authority => _published.Read(static s => s.Authority);

    /// <summary>
    /// Raised after each commit that stored events (authored or received), once they are durable and visible to readers.
    /// Handlers run on the ledger's committer thread: they must only signal (wake a loop, write to a channel), never block.
    /// </summary>
    public event EventHandler<LedgerCommittedEventArgs>? Committed;

    /// <summary>Number of transactions committed since the ledger was opened (group commit shares them).</summary>
    public long Commits => _pipeline.Commits;

    /// <summary>How long each commit's disk sync took, and how many commits failed (for metrics and health).</summary>
    public CommitTimings CommitTimings => _pipeline.Timings;

    /// <summary>Head records that could not be written since the ledger opened (each leaves its record one commit behind).</summary>
    public long HeadRecordWriteFailures => _ownHeads.WriteFailures;

    /// <summary>
    /// Bumped (under the state lock, after the change) whenever the published state changes: a commit, a reload, a
    /// rebuild. A reader that saw the same value before reading <see cref="Vector"/> and <see cref="Authority"/> knows
    /// neither has changed since; read without a lock.
    /// </summary>
    public long StateVersion => _published.Version;

    /// <summary>What this replica holds: author → highest seq.</summary>
    public VersionVector Vector => _published.Read(static s => new VersionVector(s.Heads.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Seq))));

    /// <summary>Feeds that are forked, with the seq from which they no longer count.</summary>
    public IReadOnlyDictionary<Bytes32, long> Forks => _published.Read(static s => new Dictionary<Bytes32, long>(s.Forks));

    /// <summary>Number of events held pending for authors not yet enrolled.</summary>
    public int PendingCount => _published.Read(static s => s.PendingTotal);

    /// <summary>The head of <paramref name="author"/>'s feed.</summary>
    public FeedHead HeadOf(Bytes32 author) => _published.Read(author, static (s, a) => s.HeadOf(a));

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
        return _pipeline.AppendAsync(new AppendRequest(founder, EventKinds.AssemblyFounded, Bodies.BodyJson.Write(body), AssemblyId.Derive(founder.PublicKey, salt)), cancellationToken);
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
        return _pipeline.AppendAsync(new AppendRequest(author, kind, body.ToArray(), null, (long)timeGranularity.TotalMilliseconds), cancellationToken);
    }

    /// <summary>
    /// Receives events from a peer, an import or a relay: each is decoded, dropped as a <see cref="RejectReason.Duplicate"/>
    /// when the ledger already <see cref="Holds"/> it (before any signature is checked), otherwise checked (signatures in
    /// parallel), then stored, held pending, or refused with a reason. Returns one result per input, in input order,
    /// after the commit.
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
            Spread(count, i =>
            {
                if (EventEncoding.TryDecode(raws[offset + i], out var e, out var framing)) events[i] = e;
                else results[i] = ReceiveResult.Rejected(framing!);
            });
            DropHeld(events, results);
            // Verification is the costly part; it runs on all cores while the writer commits the previous chunk.
            Spread(count, i =>
            {
                if (results[i] is not null || events[i] is not { } e) return;
                if (_validator.CheckDecoded(e, expected, verifySignature: true) is { } rejection)
                {
                    results[i] = ReceiveResult.Rejected(rejection, e.Id);
                    events[i] = null;
                }
            });
            // A chunk of duplicates and refusals has nothing to commit: it never reaches the writer.
            chunks.Add(Array.TrueForAll(results, r => r is not null)
                ? Task.FromResult(results.Select(r => r!).ToArray())
                : await _pipeline.SubmitAsync(new ReceiveRequest(events, results), cancellationToken).ConfigureAwait(false));
        }
        var all = new List<ReceiveResult>(raws.Count);
        foreach (var chunk in chunks) all.AddRange(await chunk.ConfigureAwait(false));
        return all;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for 0..count-1: on all cores for a batch, on the calling thread for a few events. A
    /// live relay brings events one or two at a time, where Parallel.For's hand-off to pool threads cost more CPU than
    /// the signature check it spread.
    /// </summary>
    private static void Spread(int count, Action<int> body)
    {
        if (count < SpreadFrom)
        {
            for (var i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, body);
    }

    /// <summary>The smallest batch whose decoding and checks are spread over the cores (a dozen signature checks, about a millisecond).</summary>
    private const int SpreadFrom = 8;

    /// <summary>Receives one event.</summary>
    public async Task<ReceiveResult> ReceiveAsync(byte[] raw, CancellationToken cancellationToken = default) =>
        (await ReceiveAsync([raw], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Why <paramref name="author"/>'s next event would be refused as <see cref="RejectReason.FeedForked"/>,
    /// <see cref="RejectReason.FeedRolledBack"/> (its feed here ends before what it is known to have written) or
    /// <see cref="RejectReason.FeedHeld"/>, or null: what a gateway says before it even tries, e.g. to a resident at its kiosk.
    /// </summary>
    public string? WhyFeedHeld(Bytes32 author)
    {
        if (Forks.ContainsKey(author)) return $"the feed of {author.ShortHex} is forked; it can no longer be written";
        return _ownHeads.WhyRefused(author, HeadOf(author)) ?? _ownHeads.WhyHeld(author);
    }

    /// <summary>
    /// Holds <paramref name="author"/>'s feed in this process: appends are refused (<see cref="RejectReason.FeedHeld"/>,
    /// with <paramref name="reason"/>) until <see cref="ReleaseFeed"/>. A gateway holds its own feeds at start until it has
    /// heard from its peers, which would tell it that it was restored from an older copy.
    /// </summary>
    public void HoldFeed(Bytes32 author, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        _ownHeads.Hold(author, reason);
    }

    /// <summary>Ends a hold of <see cref="HoldFeed"/>, raising <see cref="FeedReleased"/>; true when there was one.</summary>
    public bool ReleaseFeed(Bytes32 author)
    {
        if (!_ownHeads.Release(author)) return false;
        FeedReleased?.Invoke(this, new FeedReleasedEventArgs(author));
        return true;
    }

    /// <summary>
    /// Raised when a hold of <see cref="HoldFeed"/> ends. No commit marks that moment, so a part that waits to write its
    /// own events (the gateway's ballot-box declaration) learns it here. Handlers run on the releasing thread: only signal.
    /// </summary>
    public event EventHandler<FeedReleasedEventArgs>? FeedReleased;

    /// <summary>Feeds written here that end before their head record: rolled back, waiting for their events to come back.</summary>
    public IReadOnlyList<RolledBackFeed> RolledBackFeeds() =>
        [.. _ownHeads.Ahead(HeadOf).Select(a => new RolledBackFeed(a.Author, HeadOf(a.Author).Seq, a.Seq, a.SeenAt)).OrderBy(f => f.Author)];

    /// <summary>
    /// Tells the ledger that <paramref name="where"/> (a peer) holds <paramref name="key"/>'s own feed through
    /// <paramref name="elsewhere"/>. When that is past this ledger's head and past its head record, the feed was rolled
    /// back here (restored from an older copy, or its newest events lost): a head record naming that event is signed
    /// with <paramref name="key"/> and written, so appends to the feed are refused (<see cref="RejectReason.FeedRolledBack"/>)
    /// until the events are received back — never a second event at a seq already signed. True when it did so.
    /// </summary>
    public bool FeedHeldElsewhere(AuthorKeyPair key, FeedHead elsewhere, string where)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(where);
        if (Assembly is not { } assembly || elsewhere.Seq <= HeadOf(key.PublicKey).Seq) return false;
        return _ownHeads.Adopt(assembly, key, elsewhere, where);
    }

    /// <summary>Recomputes the projections (the events' authority column, feeds, members, devices) from the events and reloads the state.</summary>
    public Task RebuildProjectionsAsync(CancellationToken cancellationToken = default) => _pipeline.RebuildAsync(cancellationToken);

    /// <summary>
    /// Keeps this ledger open for its owner: from now on <see cref="DisposeAsync"/> and <see cref="Dispose"/> do nothing, so
    /// code that opens-uses-disposes a ledger can be handed this one (a running gateway lends its ledger to the commands it
    /// runs for the command line) without closing it; only disposing the returned handle closes the ledger.
    /// </summary>
    public IAsyncDisposable Pin()
    {
        Volatile.Write(ref _pinned, 1);
        return new PinHandle(this);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Volatile.Read(ref _pinned) == 1 ? ValueTask.CompletedTask : CloseAsync();

    private async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return; // a second dispose (an early one, then a using's) is no error
        await _pipeline.DisposeAsync().ConfigureAwait(false);
        _ownHeads.Dispose();
        _store.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>What <see cref="Pin"/> returns: the owner's one way to close a pinned ledger.</summary>
    private sealed class PinHandle(Ledger ledger) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ledger.CloseAsync();
    }
}
