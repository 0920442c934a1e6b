using System.Collections.Concurrent;
using System.Threading.Channels;
using Kiosk.Devices.Peers;
using Kiosk.Ledger;
using Kiosk.Mesh.Links;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiosk.Mesh;

/// <summary>
/// A gateway's side of the mesh: replicates its ledger with every linked peer (docs/mesh.md). It dials the configured
/// peers (redialling with back-off) and, through <see cref="Clients"/>, serves the peers that dial its broker. It
/// publishes its <c>have</c> when its state changes (at most once per <see cref="MeshOptions.HaveInterval"/>), catches up
/// from each peer by want/batch, and pushes each newly committed event to every link but the one it came from.
/// Duplicates are dropped before their signatures are checked; a fork found here travels to every peer as its proof.
/// </summary>
public sealed class MeshNode : IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggers;
    private readonly object _linksLock = new();
    private readonly Dictionary<Bytes32, PeerLink> _links = [];
    private readonly ConcurrentDictionary<Bytes32, PeerRecord> _byKey = new();
    private readonly ConcurrentDictionary<Bytes32, PeerLink> _claims = new();
    private readonly ConcurrentDictionary<Bytes32, PeerLink> _inflight = new();
    private readonly Channel<(LedgerEvent Event, PeerLink? Source)> _committed = Channel.CreateUnbounded<(LedgerEvent, PeerLink?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<PeerDialer> _dialers = [];
    private readonly List<BrokerSession> _brokers = [];
    private readonly List<Task> _loops = [];
    private readonly object _haveLock = new();
    private readonly Random _random;
    private readonly AssemblyId _assembly;
    private readonly HeardStates _heard;
    private (long Version, long Heard, HaveMessage Message, byte[] Bytes)? _have;
    private (long Version, HaveMessage Message)? _own;
    private long _refusedConnections;
    private long _refusals;
    private bool _started;

    /// <summary>A node for <paramref name="options"/>; <see cref="Start"/> sets it going.</summary>
    public MeshNode(MeshOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _assembly = options.Ledger.Assembly ?? throw new InvalidOperationException("the ledger has no genesis yet: found or import the assembly first");
        _loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        _log = _loggers.CreateLogger("Kiosk.Mesh");
        _random = options.Random ?? new Random();
        Key = options.GatewayKey.PublicKey;
        using (var box = BallotBoxKey.Derive(options.GatewayKey)) BallotBox = box.PublicKey;
        Topics = new MeshTopics(_assembly);
        _heard = new HeardStates(_assembly);
        CertificateHash = PeerStatement.CertificateHash(options.Certificate);
        Clients = new PeerGate(this, _loggers.CreateLogger("Kiosk.Mesh.PeerGate"));
        foreach (var peer in options.Peers) _dialers.Add(new PeerDialer(this, peer, _loggers.CreateLogger("Kiosk.Mesh.PeerDialer")));
        // Held from here, before the host's other services can write: see MeshOptions.StartupCheck.
        if (options.Peers.Count > 0 && options.StartupCheck > TimeSpan.Zero)
        {
            foreach (var peer in options.Peers) _awaited.Add(peer.Url);
            foreach (var own in (Bytes32[])[Key, BallotBox]) options.Ledger.HoldFeed(own, StartupHold);
        }
    }

    /// <summary>Why this gateway writes nothing in its first moments: it has not heard from its configured peers yet.</summary>
    public const string StartupHold = "this gateway is checking with its peers before it writes (one restored from an older copy learns it from them)";

    // The configured peers not yet heard from (a have, or a failed dial) while the start-up hold lasts.
    private readonly HashSet<Uri> _awaited = [];

    /// <summary>The options.</summary>
    public MeshOptions Options { get; }

    /// <summary>This gateway's key.</summary>
    public Bytes32 Key { get; }

    /// <summary>This gateway's ballot box key (derived from its key): the other feed it writes.</summary>
    public Bytes32 BallotBox { get; }

    /// <summary>The assembly's replication topics.</summary>
    public MeshTopics Topics { get; }

    /// <summary>The assembly.</summary>
    public AssemblyId Assembly => _assembly;

    /// <summary>SHA-256 of this gateway's certificate.</summary>
    public Bytes32 CertificateHash { get; }

    /// <summary>The hook the broker's peer listener hands connections to (<see cref="Kiosk.Devices.DeviceBrokerOptions.Peers"/>).</summary>
    public IPeerClients Clients { get; }

    /// <summary>Starts following the ledger, publishing haves and dialling the configured peers.</summary>
    public void Start()
    {
        if (_started) throw new InvalidOperationException("the mesh node is running already");
        _started = true;
        Options.Ledger.Committed += OnCommitted;
        _loops.Add(Task.Run(() => ForwardLoopAsync(_stopping.Token)));
        _loops.Add(Task.Run(() => HaveLoopAsync(_stopping.Token)));
        lock (_dialers)
        {
            foreach (var dialer in _dialers) _loops.Add(Task.Run(() => dialer.RunAsync(_stopping.Token)));
            foreach (var broker in _brokers) _loops.Add(Task.Run(() => broker.RunAsync(_stopping.Token)));
        }
        _log.LogInformation("Mesh: gateway {Key} replicating assembly {Assembly}; dialling {Count} peer(s)", Key.ShortHex, _assembly, _dialers.Count);
        CheckRollback();
        bool waiting;
        lock (_awaited) waiting = _awaited.Count > 0;
        if (!waiting) return;
        lock (_dialers)
        {
            _loops.Add(Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(Options.StartupCheck, Options.Time, _stopping.Token).ConfigureAwait(false);
                    EndStartupHold($"not every configured peer answered within {Options.StartupCheck.TotalSeconds:F0} s");
                }
                catch (OperationCanceledException)
                {
                }
            }));
        }
    }

    /// <summary>A configured peer answered: it sent its have (checked against this gateway's own feeds first), or a dial to it failed.</summary>
    internal void Contacted(Uri? url)
    {
        if (url is null) return;
        lock (_awaited)
        {
            if (!_awaited.Remove(url) || _awaited.Count > 0) return;
        }
        EndStartupHold("every configured peer answered");
    }

    private void EndStartupHold(string why)
    {
        lock (_awaited) _awaited.Clear();
        var released = false;
        foreach (var own in (Bytes32[])[Key, BallotBox]) released |= Options.Ledger.ReleaseFeed(own);
        if (released) _log.LogInformation("Mesh: start-up check over ({Why}); this gateway writes{Unless}", why, WhyHeld() is null ? "" : " once its own feed is back");
    }

    /// <summary>
    /// Adds a peer to dial (at once when the node runs, else from <see cref="Start"/>); nothing when it is dialled already.
    /// <paramref name="expectedKey"/>, when known (discovery's advert), is only a hint: the dialler does not dial while a
    /// link to that key is up, and skips a peer whose key another dialler has; the link still proves the key.
    /// </summary>
    public void Dial(PeerEntry peer, Bytes32? expectedKey = null)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var dialer = new PeerDialer(this, peer, _loggers.CreateLogger("Kiosk.Mesh.PeerDialer"), expectedKey);
        lock (_dialers)
        {
            if (_dialers.Any(d => d.Url == peer.Url || (expectedKey is { } key && d.Dials(key)))) return;
            _dialers.Add(dialer);
            if (_started) _loops.Add(Task.Run(() => dialer.RunAsync(_stopping.Token)));
        }
    }

    /// <summary>
    /// Also replicates through the shared MQTT broker at <paramref name="broker"/> (<c>mqtt://HOST:PORT</c>, or <c>mqtts://HOST:PORT</c> with <paramref name="tls"/>), linking
    /// with the <paramref name="peers"/> found there (at once when the node runs, else from <see cref="Start"/>): a
    /// gateway's uplink to its hub, or a hub serving gateways. Topics: docs/hub.md.
    /// </summary>
    public void UseBroker(Uri broker, BrokerPeers peers, BrokerTls? tls = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        UseBroker([broker], peers, tls);
    }

    /// <summary>
    /// As <see cref="UseBroker(Uri, BrokerPeers, BrokerTls?)"/>, through a broker cluster whose nodes are
    /// <paramref name="brokers"/>: one connection, to the first node that answers, moving to the next when it is lost.
    /// </summary>
    public void UseBroker(IReadOnlyList<Uri> brokers, BrokerPeers peers, BrokerTls? tls = null)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        var session = new BrokerSession(this, brokers, peers, tls, _loggers.CreateLogger("Kiosk.Mesh.Broker"));
        lock (_dialers)
        {
            _brokers.Add(session);
            if (_started) _loops.Add(Task.Run(() => session.RunAsync(_stopping.Token)));
        }
    }

    /// <summary>The mesh now: this gateway's state and each peer.</summary>
    public MeshStatus Status()
    {
        var have = CurrentHaveMessage();
        var authority = Options.Ledger.Authority;
        var vector = have.Vector;
        var peers = new List<PeerStatus>();
        var dialled = new HashSet<PeerRecord>();
        PeerDialer[] dialers;
        lock (_dialers) dialers = [.. _dialers];
        foreach (var dialer in dialers)
        {
            dialled.Add(dialer.Record);
            peers.Add(StatusOf(dialer.Record, have, vector));
        }
        foreach (var record in _byKey.Values.Where(r => !dialled.Contains(r)).OrderBy(r => r.Name, StringComparer.Ordinal))
            peers.Add(StatusOf(record, have, vector));
        var members = ActiveGateways(authority).Select(m => MemberOf(m, have.StateHash)).ToList();
        return new MeshStatus
        {
            Node = Key,
            StateHash = have.StateHash,
            Events = have.Events,
            Peers = peers,
            Gateways = members.Count,
            InStepWith = members.Count(m => m.InStep),
            Members = members,
            RefusedConnections = Interlocked.Read(ref _refusedConnections),
            Recovering = WhyHeld(),
            RolledBack = Options.Ledger.RolledBackFeeds(),
        };
    }

    /// <summary>Why this gateway writes nothing now (its own feed or its box's rolled back, or forked), or null.</summary>
    private string? WhyHeld() => Options.Ledger.WhyFeedHeld(Key) ?? Options.Ledger.WhyFeedHeld(BallotBox);

    /// <summary>
    /// Rollback detection (docs/mesh.md, "Rollback"): <paramref name="have"/> shows this gateway's own feed, or its
    /// ballot box's, further than this ledger holds it. Then this gateway was restored from an older copy, or lost its
    /// newest events: it must not sign those seqs again. The ledger keeps a head record of the peer's head, signed with
    /// the feed's key, and refuses every append to the feed until its events are back — which the catch-up asks for
    /// first.
    /// </summary>
    internal void CheckOwnFeeds(PeerLink link, HaveMessage have)
    {
        foreach (var own in (Bytes32[])[Key, BallotBox])
        {
            if (!have.Feeds.TryGetValue(own, out var theirs) || theirs.Seq <= Options.Ledger.HeadOf(own).Seq) continue;
            using var derived = own == BallotBox ? BallotBoxKey.Derive(Options.GatewayKey) : null;
            var key = derived ?? Options.GatewayKey;
            var here = Options.Ledger.HeadOf(own).Seq;
            if (!Options.Ledger.FeedHeldElsewhere(key, theirs, $"peer {link.Record.Name}")) continue;
            _log.LogWarning("Mesh: rolled back: this gateway's own {Feed} feed is longer at peer {Peer} (#{Theirs}) than here (#{Here}): it was restored from an older copy, or lost its newest events. It writes nothing (no votes, no CloseSeen, no box batches) until it has them back from its peers",
                own == Key ? "gateway" : "ballot-box", link.Record.Name, theirs.Seq, here);
        }
        CheckRollback();
        Contacted(link.Record.Url);
    }

    private readonly HashSet<Bytes32> _rolledBack = [];

    /// <summary>Logs when an own feed starts or stops being rolled back (found at start from a head record, or from a peer; recovered).</summary>
    private void CheckRollback()
    {
        var now = Options.Ledger.RolledBackFeeds().ToDictionary(f => f.Author);
        lock (_rolledBack)
        {
            foreach (var (author, feed) in now)
            {
                if (!_rolledBack.Add(author) || feed.SeenAt is not null) continue;
                _log.LogWarning("Mesh: rolled back: the feed of {Author} ends here at #{Here}, but its head record says #{Record}: nothing is written to it until its events are back from a peer",
                    author.ShortHex, feed.Here, feed.Record);
            }
            foreach (var author in _rolledBack.Where(a => !now.ContainsKey(a)).ToList())
            {
                _rolledBack.Remove(author);
                _log.LogInformation("Mesh: recovered: the feed of {Author} is back through #{Seq}; this gateway writes again", author.ShortHex, Options.Ledger.HeadOf(author).Seq);
            }
        }
    }

    /// <summary>
    /// The gateways "in step with N of M gateways" counts: enrolled as gateways and not removed. (Retiring a gateway
    /// takes it out of this set too, once the ledger knows retirement.)
    /// </summary>
    internal static IEnumerable<Member> ActiveGateways(AuthorityTable authority) =>
        authority.Members.Values.Where(m => m.Role == Role.Gateway && !m.IsRemoved).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Key);

    /// <summary>True for the nodes whose state statements are kept and relayed: active gateways and hubs.</summary>
    private bool Admits(Bytes32 node) =>
        Options.Ledger.Authority.Members.TryGetValue(node, out var m) && m.Role is Role.Gateway or Role.Hub && !m.IsRemoved;

    private MeshMember MemberOf(Member member, Bytes32 state)
    {
        var statement = _heard.Of(member.Key);
        // A direct peer that sends no statement (an older version 1 gateway) is still known by its own have.
        var direct = LinkTo(member.Key) is { IsClosed: false } link ? link.Record.LastHave : null;
        return new MeshMember
        {
            Key = member.Key,
            Name = member.Name,
            IsSelf = member.Key == Key,
            InStep = member.Key == Key || statement?.State == state || direct?.StateHash == state,
            Linked = direct is not null,
            StateHash = member.Key == Key ? state : statement?.State ?? direct?.StateHash,
            Held = statement?.Held,
        };
    }

    /// <summary>Takes the state statements of a peer's have; null when all is well, else the problem (the have is then refused).</summary>
    internal string? TakeStates(HaveMessage have) => _heard.Take(have, Key, Admits);

    private PeerStatus StatusOf(PeerRecord record, HaveMessage mine, VersionVector vector)
    {
        var theirs = record.LastHave;
        var theirVector = theirs?.Vector;
        var now = Options.Time.GetUtcNow();
        return new PeerStatus
        {
            Key = record.Key,
            Name = record.Name,
            Url = record.Url,
            Connected = record.Link is { IsClosed: false },
            Direction = record.Direction,
            ConnectedSince = record.Link is { IsClosed: false } link ? link.Since : null,
            LastContact = record.LastContact,
            EventsBehind = theirVector is null ? 0 : theirVector.Missing(vector).Sum(r => r.Count),
            EventsAhead = theirVector is null ? 0 : vector.Missing(theirVector).Sum(r => r.Count),
            InStep = theirs?.StateHash == mine.StateHash,
            StateHash = theirs?.StateHash,
            Metrics = record.Metrics,
            LastProblem = record.LastProblem,
            BannedUntil = record.BannedUntil > now ? record.BannedUntil : null,
        };
    }

    /// <summary>The have this gateway publishes now (rebuilt when the ledger changed since).</summary>
    internal byte[] CurrentHave() => CurrentHaveEntry().Bytes;

    private HaveMessage CurrentHaveMessage() => CurrentHaveEntry().Message;

    /// <summary>This gateway's state hash as last published.</summary>
    internal Bytes32 CurrentStateHash => CurrentHaveMessage().StateHash;

    private (long Version, long Heard, HaveMessage Message, byte[] Bytes) CurrentHaveEntry()
    {
        lock (_haveLock)
        {
            var version = Options.Ledger.StateVersion;
            var heard = _heard.Version;
            if (_have is { } have && have.Version == version && have.Heard == heard) return have;
            if (_own is not { } own || own.Version != version) _own = own = SignOwnState(ref version);
            var message = own.Message with { Heard = _heard.ToRelay(Admits) };
            _have = (version, heard, message, message.Encode());
            return _have.Value;
        }
    }

    /// <summary>
    /// This gateway's holdings and its signed statement of them, read at one state version (read again when a commit
    /// came in between, so the state hash, the heads and the events held belong together).
    /// </summary>
    private (long Version, HaveMessage Message) SignOwnState(ref long version)
    {
        var ledger = Options.Ledger;
        for (var attempt = 0; ; attempt++)
        {
            var heads = new Dictionary<Bytes32, FeedHead>();
            foreach (var author in ledger.Vector.Authors) heads[author] = ledger.HeadOf(author);
            var forks = ledger.Forks;
            var message = new HaveMessage(Key, ledger.StateHash(), heads, forks);
            // Held: the events of the feeds and of the fork proofs. It grows with every change of state, so it orders this
            // gateway's statements (a fork proof changes the state without lengthening any feed).
            var held = message.Events + forks.Keys.Sum(author => (long)ledger.ReadForkProof(author).Count);
            var now = ledger.StateVersion;
            if (now != version && attempt < 3)
            {
                version = now;
                continue;
            }
            return (version, message with { Statement = StateStatement.Sign(Options.GatewayKey, _assembly, message.StateHash, held) });
        }
    }

    private async Task HaveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Options.HaveInterval, Options.Time);
            var published = (Options.Ledger.StateVersion, _heard.Version);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if ((Options.Ledger.StateVersion, _heard.Version) == published) continue;
                var (version, heard, _, bytes) = CurrentHaveEntry();
                published = (version, heard);
                DropRetiredPeers();
                CheckRollback();
                foreach (var link in Links()) link.SendHave(bytes);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Closes the links to peers this gateway's ledger now says were retired (a retired gateway is refused as a peer).</summary>
    private void DropRetiredPeers()
    {
        var authority = Options.Ledger.Authority;
        foreach (var link in Links())
        {
            if (authority.Members.GetValueOrDefault(link.Key) is not { IsRetired: true } member) continue;
            var reason = $"retired: gateway {member.Name} ({link.Key.ShortHex}) was retired from the assembly (its events after #{member.ValidThroughSeq} do not count)";
            link.Record.Refused();
            link.Record.LastProblem = reason;
            CountRefusedConnection();
            _log.LogWarning("Mesh: refused peer {Peer}: {Reason}", link.Record.Name, reason);
            link.Close(reason);
        }
    }

    private void OnCommitted(object? sender, LedgerCommittedEventArgs e)
    {
        // On the ledger's committer thread: only look up where each event came from, and hand it on.
        foreach (var stored in e.Events)
            _committed.Writer.TryWrite((stored, _inflight.TryGetValue(stored.Id, out var source) ? source : null));
    }

    private async Task ForwardLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reader = _committed.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var links = Links();
                while (reader.TryRead(out var item))
                {
                    foreach (var link in links)
                    {
                        if (ReferenceEquals(link, item.Source)) link.ConfirmHolds(item.Event.Author, item.Event.Seq);
                        else link.OfferLive(item.Event);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Takes events a peer sent: bytes that are not an event of this assembly are refused (and count against the peer);
    /// events already held, or on their way in from another link, are dropped before any signature is checked; the rest
    /// go to the ledger in one call. A fork found here is sent on to every peer as its proof.
    /// </summary>
    internal async Task ReceiveEventsAsync(PeerLink link, IReadOnlyList<byte[]> raws, CancellationToken cancellationToken)
    {
        var ledger = Options.Ledger;
        var fresh = new List<byte[]>(raws.Count);
        var events = new List<LedgerEvent>(raws.Count);
        var duplicates = 0;
        foreach (var raw in raws)
        {
            if (!EventEncoding.TryDecode(raw, out var e, out var rejection))
            {
                link.Refuse($"event refused: {rejection}", RefusalPolicy.CountsAgainstPeer(rejection!.Reason));
                continue;
            }
            if (e.Assembly != _assembly)
            {
                link.Refuse($"event refused: WrongAssembly: {e} belongs to assembly {e.Assembly}, not {_assembly}", countsAgainstPeer: true);
                continue;
            }
            if (ledger.Holds(e.Author, e.Seq, e.Id))
            {
                duplicates++;
                link.ConfirmHolds(e.Author, e.Seq);
                continue;
            }
            if (!_inflight.TryAdd(e.Id, link))
            {
                duplicates++;
                continue;
            }
            fresh.Add(raw);
            events.Add(e);
        }
        var accepted = 0;
        if (fresh.Count > 0)
        {
            IReadOnlyList<ReceiveResult> results;
            try
            {
                results = await ledger.ReceiveAsync(fresh, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                foreach (var e in events) _inflight.TryRemove(new KeyValuePair<Bytes32, PeerLink>(e.Id, link));
            }
            var forked = new HashSet<Bytes32>();
            for (var i = 0; i < results.Count; i++)
            {
                var e = events[i];
                var result = results[i];
                if (result.Status != ReceiveStatus.Rejected)
                {
                    accepted++;
                    if (result.IsAccepted) link.ConfirmHolds(e.Author, e.Seq);
                    continue;
                }
                var rejection = result.Rejection!;
                switch (rejection.Reason)
                {
                    case RejectReason.Duplicate:
                        duplicates++;
                        link.ConfirmHolds(e.Author, e.Seq);
                        break;
                    case RejectReason.Equivocation:
                        _log.LogWarning("Mesh: fork found in a feed relayed by {Peer}: {Message}", link.Record.Name, rejection.Message);
                        forked.Add(e.Author);
                        break;
                    case RejectReason.WrongPrev:
                        link.CheckForkAt(e.Author, e.Seq - 1);
                        break;
                    default:
                        if (RefusalPolicy.CountsAgainstPeer(rejection.Reason)) link.Refuse($"event refused: {rejection}", countsAgainstPeer: true);
                        else if (ledger.Authority.RoleOf(e.Author) == Role.BallotBox)
                            // A ballot box holds secret votes: no log line says when one of its events reached this gateway.
                            _log.LogDebug("Mesh: an event of a ballot box from {Peer} not taken: {Reason}", link.Record.Name, rejection.Reason);
                        else _log.LogDebug("Mesh: {Event} from {Peer} not taken: {Rejection}", e, link.Record.Name, rejection);
                        break;
                }
            }
            foreach (var author in forked) BroadcastForkProof(author);
        }
        link.Record.Events(raws.Count, accepted, duplicates);
    }

    private void BroadcastForkProof(Bytes32 author)
    {
        var proof = Options.Ledger.ReadForkProof(author);
        if (proof.Count == 0) return;
        foreach (var link in Links()) link.OfferProof(proof);
    }

    /// <summary>Plans the next want of <paramref name="link"/> (leaving out authors another link is fetching).</summary>
    internal WantPlan Plan(PeerLink link, HaveMessage theirs, IReadOnlyCollection<(Bytes32, long)> forkChecks)
    {
        var ledger = Options.Ledger;
        var authority = ledger.Authority;
        var heads = new Dictionary<Bytes32, FeedHead>();
        foreach (var author in theirs.Feeds.Keys) heads[author] = ledger.HeadOf(author);
        // First: the authority feeds, and this gateway's own (after a rollback they are what it waits for to write again).
        var mine = new CatchUpPlanner.Holdings(heads, ledger.Forks, ledger.IdAt, a => authority.RoleOf(a) == Role.Facilitator || a == Key || a == BallotBox);
        return CatchUpPlanner.Plan(mine, theirs, a => _claims.TryGetValue(a, out var other) && !ReferenceEquals(other, link), forkChecks);
    }

    /// <summary>Marks <paramref name="authors"/> as being fetched by <paramref name="link"/>.</summary>
    internal void Claim(PeerLink link, IEnumerable<Bytes32> authors)
    {
        foreach (var author in authors) _claims[author] = link;
    }

    /// <summary>Releases <paramref name="link"/>'s claims; other links may now fetch those feeds.</summary>
    internal void Release(PeerLink link, IEnumerable<Bytes32> authors)
    {
        foreach (var author in authors) _claims.TryRemove(new KeyValuePair<Bytes32, PeerLink>(author, link));
    }

    private PeerLink[] Links()
    {
        lock (_linksLock) return [.. _links.Values];
    }

    /// <summary>True while a link to <paramref name="key"/> is up.</summary>
    internal bool HasLink(Bytes32 key)
    {
        lock (_linksLock) return _links.ContainsKey(key);
    }

    /// <summary>The up link to <paramref name="key"/>, if any.</summary>
    internal PeerLink? LinkTo(Bytes32 key)
    {
        lock (_linksLock) return _links.GetValueOrDefault(key);
    }

    /// <summary>
    /// Adds an authenticated link. When one to the same peer is up, <see cref="LinkPreference"/> decides which stays:
    /// false when the new one must be closed instead.
    /// </summary>
    internal bool Attach(PeerLink link)
    {
        PeerLink? replaced = null;
        lock (_linksLock)
        {
            if (_links.TryGetValue(link.Key, out var existing))
            {
                if (!LinkPreference.ReplaceExisting(existing.Direction, link.Direction, Key, link.Key)) return false;
                replaced = existing;
            }
            _links[link.Key] = link;
        }
        replaced?.Close("replaced by a newer connection to the same peer");
        link.Record.Link = link;
        link.Record.Direction = link.Direction;
        link.Record.LastProblem = null;
        _log.LogInformation("Mesh: link to {Peer} ({Key}, {Remote}) is up ({Direction})", link.Record.Name, link.Key.ShortHex, link.Remote, link.Direction == LinkDirection.Dialled ? "dialled" : "accepted");
        return true;
    }

    /// <summary>Removes a closed link.</summary>
    internal void Detach(PeerLink link, string reason)
    {
        lock (_linksLock)
        {
            if (_links.TryGetValue(link.Key, out var current) && ReferenceEquals(current, link)) _links.Remove(link.Key);
        }
        foreach (var (author, owner) in _claims)
            if (ReferenceEquals(owner, link)) _claims.TryRemove(new KeyValuePair<Bytes32, PeerLink>(author, link));
        _log.LogInformation("Mesh: link to {Peer} ({Key}) closed: {Reason}", link.Record.Name, link.Key.ShortHex, reason);
    }

    /// <summary>The record of peer <paramref name="key"/> (made for a peer that dials in; a dialler registers its own).</summary>
    internal PeerRecord RecordOf(Bytes32 key) =>
        _byKey.GetOrAdd(key, k => new PeerRecord(Options.Ledger.Authority.Members.TryGetValue(k, out var m) ? m.Name : k.ShortHex, null) { Key = k });

    /// <summary>
    /// Registers a dialler's record under the key its peer turned out to have, and returns the record the dialler keeps
    /// from now on: the one already kept for that key (the peer dialled in first) takes the dialler's name and address.
    /// </summary>
    internal PeerRecord Register(PeerRecord record, Bytes32 key)
    {
        record.Key = key;
        var kept = _byKey.GetOrAdd(key, record);
        if (!ReferenceEquals(kept, record))
        {
            kept.Name = record.Name;
            kept.Url = record.Url;
        }
        return kept;
    }

    /// <summary>Shuts a peer out (after too many refusals) for a growing while; returns until when.</summary>
    internal DateTimeOffset Ban(PeerRecord record)
    {
        record.BanBackoff ??= new Backoff(Options.BanInitial, Options.BanMaximum, 0.2, _random);
        var until = Options.Time.GetUtcNow() + record.BanBackoff.Next();
        record.BannedUntil = until;
        return until;
    }

    /// <summary>Until when <paramref name="key"/> is shut out, or null.</summary>
    internal DateTimeOffset? BannedUntil(Bytes32 key) =>
        _byKey.TryGetValue(key, out var record) && record.BannedUntil is { } until && until > Options.Time.GetUtcNow() ? until : null;

    internal void CountRefusedConnection() => Interlocked.Increment(ref _refusedConnections);

    internal void CountRefusal() => Interlocked.Increment(ref _refusals);

    internal double NextRandom()
    {
        lock (_random) return _random.NextDouble();
    }

    internal int NextSeed()
    {
        lock (_random) return _random.Next();
    }

    /// <summary>Stops dialling, closes every link, stops following the ledger.</summary>
    public async ValueTask DisposeAsync()
    {
        // The ledger outlives the node: leave it as it was found.
        lock (_awaited) _awaited.Clear();
        foreach (var own in (Bytes32[])[Key, BallotBox]) Options.Ledger.ReleaseFeed(own);
        Options.Ledger.Committed -= OnCommitted;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var link in Links()) link.Close("this gateway is stopping");
        _committed.Writer.TryComplete();
        Task[] loops;
        lock (_dialers) loops = [.. _loops];
        try
        {
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.LogWarning("Mesh: some loops did not stop within 10 s");
        }
        _stopping.Dispose();
    }
}
