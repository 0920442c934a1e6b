using System.Threading.Channels;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;
using Microsoft.Extensions.Logging;

namespace Kiosk.Mesh.Links;

/// <summary>
/// One authenticated link to a peer gateway, whichever side dialled. Three loops: the receive loop takes the peer's
/// messages in order (its haves, wants, batches and live events) and runs this side's catch-up (one want at a time,
/// the next one planned from the committed vector); the live loop sends committed events the peer is known to be ready
/// for; a responder answers the peer's latest want. A tick every second gives up a stalled want and, while the two
/// state hashes differ, re-offers this side's have (with jitter).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token sources hold no timer or wait handle; their tokens stay readable by loops still finishing after Close.")]
internal sealed class PeerLink
{
    /// <summary>Live feed events taken into one ledger call (a group commit).</summary>
    private const int FeedBatch = 512;

    /// <summary>Events read from the ledger per query while answering a want.</summary>
    private const int ReadChunk = 256;

    /// <summary>Bytes of the peer's messages waiting to be handled before the link is dropped as flooding.</summary>
    private const long MaxInboundBytes = 64L * 1024 * 1024;

    /// <summary>Bytes of live events queued before the link falls back to catch-up.</summary>
    private const long MaxLiveBytes = 16L * 1024 * 1024;

    private enum InboundKind { Message, Tick }

    private readonly record struct Inbound(InboundKind Kind, TopicKind Topic, Bytes32 Node, byte[]? Payload);

    private readonly record struct LiveItem(Bytes32 Author, byte[] Raw);

    private sealed class Outstanding(long request, Bytes32[] authors, DateTimeOffset sent, string plan, long heldBefore)
    {
        public long Request { get; } = request;
        public Bytes32[] Authors { get; } = authors;
        public string Plan { get; } = plan;
        public long HeldBefore { get; } = heldBefore;
        public DateTimeOffset LastProgress { get; set; } = sent;
        public int NextIndex { get; set; }
    }

    private readonly MeshNode _node;
    private readonly ILinkTransport _transport;
    private readonly ILogger _log;
    private readonly Channel<Inbound> _inbound = Channel.CreateUnbounded<Inbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<LiveItem> _live;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _holdsLock = new();
    private Dictionary<Bytes32, long> _holds = [];
    private readonly Dictionary<Bytes32, long> _confirmed = [];
    private readonly HashSet<(Bytes32, long)> _forkChecks = [];
    private long _inboundBytes;
    private long _liveBytes;
    private int _refused;
    private int _isClosed;
    private Outstanding? _want;
    private long _nextRequest;
    private DateTimeOffset _nextPeriodic;
    private CancellationTokenSource? _response;
    private string? _stalledPlan;
    private DateTimeOffset _stalledUntil;
    private TimeSpan _stallDelay;

    /// <summary>First and longest wait before a want that brought nothing is asked again (events this side cannot take, say of a newer version's kinds).</summary>
    private static readonly TimeSpan StallInitial = TimeSpan.FromSeconds(5), StallMaximum = TimeSpan.FromMinutes(5);
    private ITimer? _ticker;

    public PeerLink(MeshNode node, Bytes32 key, LinkDirection direction, ILinkTransport transport, PeerRecord record, ILogger log)
    {
        _node = node;
        Key = key;
        Direction = direction;
        _transport = transport;
        Record = record;
        _log = log;
        _live = Channel.CreateBounded<LiveItem>(new BoundedChannelOptions(node.Options.LiveQueueLimit) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Since = node.Options.Time.GetUtcNow();
    }

    /// <summary>The peer gateway's key.</summary>
    public Bytes32 Key { get; }

    /// <summary>Who dialled.</summary>
    public LinkDirection Direction { get; }

    /// <summary>What is remembered of the peer.</summary>
    public PeerRecord Record { get; }

    /// <summary>When the link came up.</summary>
    public DateTimeOffset Since { get; }

    /// <summary>Where the peer is.</summary>
    public string Remote => _transport.Remote;

    /// <summary>Completes with the reason once the link is closed.</summary>
    public Task<string> Completion => _closed.Task;

    /// <summary>True once closed.</summary>
    public bool IsClosed => Volatile.Read(ref _isClosed) == 1;

    private string Who => $"{Record.Name} ({Key.ShortHex}, {Remote})";

    /// <summary>Starts the loops and offers this side's have.</summary>
    public void Start()
    {
        var time = _node.Options.Time;
        _nextPeriodic = time.GetUtcNow() + Jittered(_node.Options.CatchUpInterval);
        _ticker = time.CreateTimer(_ => _inbound.Writer.TryWrite(new Inbound(InboundKind.Tick, default, default, null)), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _ = RunAsync(ReceiveLoopAsync, "receiving");
        _ = RunAsync(LiveLoopAsync, "sending live events");
        SendHave(_node.CurrentHave());
    }

    /// <summary>Hands the link a message from the peer (from the connection's owner); false once the link is closed.</summary>
    public bool Deliver(TopicKind topic, Bytes32 node, byte[] payload, int topicLength)
    {
        if (IsClosed) return false;
        Record.Received(payload.Length + topicLength, _node.Options.Time.GetUtcNow());
        if (Interlocked.Add(ref _inboundBytes, payload.Length) > MaxInboundBytes)
        {
            Refuse($"sent more than {MaxInboundBytes / (1024 * 1024)} MiB faster than it could be taken", countsAgainstPeer: false);
            Close("flooding: its messages outran this gateway by more than the inbound limit");
            return false;
        }
        return _inbound.Writer.TryWrite(new Inbound(InboundKind.Message, topic, node, payload));
    }

    private async Task RunAsync(Func<CancellationToken, Task> loop, string what)
    {
        try
        {
            await loop(_closing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException
            or MQTTnet.Exceptions.MqttCommunicationException or System.Data.Common.DbException)
        {
            Close($"{what} failed: {e.Message}");
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var feeds = new List<byte[]>();
        var reader = _inbound.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (item.Payload is { } p) Interlocked.Add(ref _inboundBytes, -p.Length);
                if (item.Kind == InboundKind.Message && item.Topic == TopicKind.Feed)
                {
                    if (AcceptFeed(item.Node, item.Payload!)) feeds.Add(item.Payload!);
                    if (feeds.Count >= FeedBatch) await FlushFeedsAsync(feeds, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                await FlushFeedsAsync(feeds, cancellationToken).ConfigureAwait(false);
                if (item.Kind == InboundKind.Tick)
                {
                    await TickAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                switch (item.Topic)
                {
                    case TopicKind.Have: await OnHaveAsync(item.Payload!, cancellationToken).ConfigureAwait(false); break;
                    case TopicKind.Want: OnWant(item.Payload!); break;
                    case TopicKind.Batch: await OnBatchAsync(item.Payload!, cancellationToken).ConfigureAwait(false); break;
                    default: Refuse($"sent a {MeshTopics.Name(item.Topic)} message on an established link", countsAgainstPeer: true); break;
                }
                if (IsClosed) return;
            }
            await FlushFeedsAsync(feeds, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool AcceptFeed(Bytes32 topicAuthor, byte[] raw)
    {
        if (raw.Length > MeshLimits.MaxFeedBytes)
        {
            Refuse($"sent a feed message of {raw.Length} bytes (limit {MeshLimits.MaxFeedBytes})", countsAgainstPeer: true);
            return false;
        }
        // The author is bytes 24..56 of a v1 event; a message on another author's topic is refused whole.
        if (raw.Length >= 56 && Bytes32.Read(raw.AsSpan(24)) != topicAuthor && raw.AsSpan().StartsWith(EventEncoding.Magic))
        {
            Refuse($"sent an event of {Bytes32.Read(raw.AsSpan(24)).ShortHex} on the feed topic of {topicAuthor.ShortHex}", countsAgainstPeer: true);
            return false;
        }
        return true;
    }

    private async Task FlushFeedsAsync(List<byte[]> feeds, CancellationToken cancellationToken)
    {
        if (feeds.Count == 0) return;
        var taken = feeds.ToArray();
        feeds.Clear();
        await _node.ReceiveEventsAsync(this, taken, cancellationToken).ConfigureAwait(false);
    }

    private async Task OnHaveAsync(byte[] payload, CancellationToken cancellationToken)
    {
        if (!HaveMessage.TryDecode(payload, out var have, out var problem))
        {
            Refuse($"sent a have that breaks the protocol: {problem}", countsAgainstPeer: true);
            return;
        }
        if (have.Node != Key)
        {
            Refuse($"sent the have of another node ({have.Node.ShortHex})", countsAgainstPeer: true);
            return;
        }
        if (_node.TakeStates(have) is { } forged)
        {
            Refuse($"sent a have with {forged}", countsAgainstPeer: true);
            return;
        }
        Record.LastHave = have;
        _node.CheckOwnFeeds(this, have);
        lock (_holdsLock)
        {
            foreach (var (author, head) in have.Feeds)
            {
                if (head.Seq > _confirmed.GetValueOrDefault(author)) _confirmed[author] = head.Seq;
                if (head.Seq > _holds.GetValueOrDefault(author)) _holds[author] = head.Seq;
            }
        }
        await PlanAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the peer for what this side lacks, unless a want is out already.</summary>
    private async Task PlanAsync(CancellationToken cancellationToken)
    {
        if (_want is not null || Record.LastHave is not { } theirs || IsClosed) return;
        WantPlan plan;
        lock (_holdsLock) plan = _node.Plan(this, theirs, [.. _forkChecks]);
        if (plan.IsEmpty) return;
        var key = string.Join(',', plan.Ranges.Select(r => $"{r.Author.ShortHex}:{r.FromSeq}-{r.ToSeq}").Concat(plan.ForkProofs.Select(a => "proof:" + a.ShortHex)));
        var now = _node.Options.Time.GetUtcNow();
        if (key == _stalledPlan && now < _stalledUntil) return; // the same want brought nothing last time: not every second
        var authors = plan.Authors.ToArray();
        _node.Claim(this, authors);
        var want = plan.ToWant(++_nextRequest, _node.Options.Credit);
        _want = new Outstanding(want.Request, authors, now, key, Held());
        lock (_holdsLock) _forkChecks.Clear();
        Record.Wanted();
        _log.LogDebug("Mesh: want #{Request} to {Peer}: {Ranges} range(s), {Proofs} fork proof(s)", want.Request, Who, want.Ranges.Count, want.ForkProofs.Count);
        var bytes = want.Encode();
        await _transport.SendAsync(_node.Topics.Want(Key), bytes, retain: false, cancellationToken).ConfigureAwait(false);
        Record.Sent(bytes.Length);
    }

    private void EndWant(bool answered = false)
    {
        if (_want is not { } want) return;
        _node.Release(this, want.Authors);
        _want = null;
        if (!answered) return;
        if (Held() > want.HeldBefore)
        {
            _stalledPlan = null;
            _stallDelay = TimeSpan.Zero;
            return;
        }
        // A whole answer that moved nothing: the same want waits, doubling, until the peer's have or this side changes.
        _stallDelay = _stallDelay == TimeSpan.Zero ? StallInitial : TimeSpan.FromTicks(Math.Min(StallMaximum.Ticks, _stallDelay.Ticks * 2));
        _stalledPlan = want.Plan;
        _stalledUntil = _node.Options.Time.GetUtcNow() + _stallDelay;
        _log.LogInformation("Mesh: want #{Request} to {Peer} was answered but nothing could be taken; asking again in {Delay}", want.Request, Who, _stallDelay);
    }

    /// <summary>What this side holds, as a number that grows with every event stored or fork recorded (and with pending events).</summary>
    private long Held()
    {
        var ledger = _node.Options.Ledger;
        return ledger.Vector.TotalEvents + ledger.Forks.Count + ledger.PendingCount;
    }

    private async Task OnBatchAsync(byte[] payload, CancellationToken cancellationToken)
    {
        if (!BatchMessage.TryDecode(payload, out var batch, out var problem))
        {
            Refuse($"sent a batch that breaks the protocol: {problem}", countsAgainstPeer: true);
            return;
        }
        Record.Batch();
        if (batch.Events.Count > 0) await _node.ReceiveEventsAsync(this, batch.Events, cancellationToken).ConfigureAwait(false);
        if (_want is not { } want || batch.Request != want.Request) return; // an answer to a want given up: its events were still taken
        want.LastProgress = _node.Options.Time.GetUtcNow();
        if (batch.Index != want.NextIndex)
        {
            // A batch was lost: what arrived after it could not chain on. The next want starts from the committed vector.
            _log.LogInformation("Mesh: batch {Index} of want #{Request} from {Peer} arrived where {Expected} was due; asking again", batch.Index, want.Request, Who, want.NextIndex);
            EndWant();
        }
        else
        {
            want.NextIndex++;
            if (!batch.More) EndWant(answered: true);
        }
        await PlanAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnWant(byte[] payload)
    {
        if (!WantMessage.TryDecode(payload, out var want, out var problem))
        {
            Refuse($"sent a want that breaks the protocol: {problem}", countsAgainstPeer: true);
            return;
        }
        // A new want replaces the last: its answer is cut short.
        var response = new CancellationTokenSource();
        var previous = Interlocked.Exchange(ref _response, response);
        previous?.Cancel();
        previous?.Dispose();
        var linked = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token, response.Token);
        _ = RunAsync(async _ =>
        {
            using (linked)
            {
                try
                {
                    await RespondAsync(want, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (response.IsCancellationRequested && !_closing.IsCancellationRequested)
                {
                    // Replaced by the peer's next want: that one is answered instead.
                }
            }
        }, $"answering want #{want.Request}");
    }

    private async Task RespondAsync(WantMessage want, CancellationToken cancellationToken)
    {
        var ledger = _node.Options.Ledger;
        var packer = new BatchPacker(want.Request, want.Credit);
        var topic = _node.Topics.Batch(Key);
        var sent = 0;
        async Task Send(BatchMessage batch)
        {
            var bytes = batch.Encode();
            await _transport.SendAsync(topic, bytes, retain: false, cancellationToken).ConfigureAwait(false);
            Record.Sent(bytes.Length, batch.Events.Count);
            sent += batch.Events.Count;
        }
        var full = false;
        foreach (var range in want.Ranges)
        {
            var to = Math.Min(range.ToSeq, ledger.HeadOf(range.Author).Seq);
            for (var from = range.FromSeq; from <= to && !full; from += ReadChunk)
            {
                foreach (var e in ledger.ReadFeed(range.Author, from, Math.Min(to, from + ReadChunk - 1)))
                {
                    if (!packer.HasCredit(e.Raw.Length))
                    {
                        full = true;
                        break;
                    }
                    if (packer.Add(e.Raw) is { } ready) await Send(ready).ConfigureAwait(false);
                    Optimistic(e.Author, e.Seq);
                }
            }
            if (full) break;
        }
        foreach (var author in full ? [] : want.ForkProofs)
        {
            foreach (var raw in ledger.ReadForkProof(author))
            {
                if (!packer.HasCredit(raw.Length)) break;
                if (packer.Add(raw) is { } ready) await Send(ready).ConfigureAwait(false);
            }
        }
        await Send(packer.Finish()).ConfigureAwait(false);
        _log.LogDebug("Mesh: answered want #{Request} of {Peer} with {Events} event(s)", want.Request, Who, sent);
    }

    /// <summary>Notes that the peer will hold <paramref name="author"/>#<paramref name="seq"/> once it takes what it was sent.</summary>
    private void Optimistic(Bytes32 author, long seq)
    {
        lock (_holdsLock)
            if (seq > _holds.GetValueOrDefault(author)) _holds[author] = seq;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = _node.Options.Time.GetUtcNow();
        if (_want is { } want && now - want.LastProgress > _node.Options.WantTimeout)
        {
            _log.LogInformation("Mesh: want #{Request} to {Peer} got no batch for {Seconds:F0} s; asking again from the committed vector", want.Request, Who, (now - want.LastProgress).TotalSeconds);
            EndWant();
        }
        if (now >= _nextPeriodic)
        {
            _nextPeriodic = now + Jittered(_node.Options.CatchUpInterval);
            if (Record.LastHave?.StateHash != _node.CurrentStateHash) SendHave(_node.CurrentHave());
        }
        await PlanAsync(cancellationToken).ConfigureAwait(false);
    }

    private TimeSpan Jittered(TimeSpan interval) => interval * (0.5 + _node.NextRandom());

    /// <summary>Sends this side's have (fire and forget; a lost one is re-offered by the tick).</summary>
    public void SendHave(byte[] have)
    {
        if (IsClosed) return;
        _ = RunAsync(async token =>
        {
            await _transport.SendAsync(_node.Topics.Have(_node.Key), have, retain: true, token).ConfigureAwait(false);
            Record.Sent(have.Length);
        }, "sending have");
    }

    /// <summary>
    /// Offers a committed event for live forwarding: queued when the peer is known to hold the event before it in its
    /// feed (and not the event itself); on a full queue the link falls back to catch-up instead of dropping anything.
    /// </summary>
    public void OfferLive(LedgerEvent e)
    {
        if (IsClosed) return;
        lock (_holdsLock)
        {
            var held = _holds.GetValueOrDefault(e.Author);
            if (held != e.Seq - 1) return;
            if (Interlocked.Read(ref _liveBytes) + e.Raw.Length > MaxLiveBytes || !_live.Writer.TryWrite(new LiveItem(e.Author, e.Raw)))
            {
                Overflow();
                return;
            }
            Interlocked.Add(ref _liveBytes, e.Raw.Length);
            _holds[e.Author] = e.Seq;
        }
    }

    /// <summary>Sends both events of a fork proof live, whatever the peer is known to hold.</summary>
    public void OfferProof(IReadOnlyList<byte[]> raws)
    {
        if (IsClosed) return;
        lock (_holdsLock)
        {
            foreach (var raw in raws)
            {
                if (!_live.Writer.TryWrite(new LiveItem(Bytes32.Read(raw.AsSpan(24)), raw)))
                {
                    Overflow();
                    return;
                }
                Interlocked.Add(ref _liveBytes, raw.Length);
            }
        }
    }

    private void Overflow()
    {
        // Under the holds lock. What was queued is dropped, and so is the belief that the peer will get it: from now on
        // only events after what the peer confirmed are forwarded, and the peer catches up through want/batch.
        while (_live.Reader.TryRead(out var dropped)) Interlocked.Add(ref _liveBytes, -dropped.Raw.Length);
        _holds = new Dictionary<Bytes32, long>(_confirmed);
        Record.Overflowed();
        _log.LogInformation("Mesh: live queue to {Peer} is full; falling back to catch-up", Who);
        SendHave(_node.CurrentHave());
    }

    /// <summary>Notes that the peer holds <paramref name="author"/> through <paramref name="seq"/> (it sent it, or it was committed from it).</summary>
    public void ConfirmHolds(Bytes32 author, long seq)
    {
        lock (_holdsLock)
        {
            if (seq > _confirmed.GetValueOrDefault(author)) _confirmed[author] = seq;
            if (seq > _holds.GetValueOrDefault(author)) _holds[author] = seq;
        }
    }

    /// <summary>Remembers to ask the peer for its event at <paramref name="seq"/>: one of its events did not chain onto ours there.</summary>
    public void CheckForkAt(Bytes32 author, long seq)
    {
        if (seq < 1) return;
        lock (_holdsLock) _forkChecks.Add((author, seq));
    }

    private async Task LiveLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _live.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                Interlocked.Add(ref _liveBytes, -item.Raw.Length);
                await _transport.SendAsync(_node.Topics.Feed(item.Author), item.Raw, retain: false, cancellationToken).ConfigureAwait(false);
                Record.Sent(item.Raw.Length, 1);
            }
        }
    }

    /// <summary>
    /// Refuses something the peer sent: logged with the reason and counted. Refusals that no honest relay would cause
    /// count towards dropping the link: at <see cref="MeshLimits.RefusalsBeforeDrop"/> the peer is shut out for a while.
    /// </summary>
    public void Refuse(string what, bool countsAgainstPeer)
    {
        Record.Refused();
        Record.LastProblem = what;
        _node.CountRefusal();
        _log.LogWarning("Mesh: refused from peer {Peer}: {What}", Who, what);
        if (countsAgainstPeer && Interlocked.Increment(ref _refused) == MeshLimits.RefusalsBeforeDrop)
        {
            var until = _node.Ban(Record);
            Close($"dropped after {MeshLimits.RefusalsBeforeDrop} refused events or messages; shut out until {until:u}");
        }
    }

    /// <summary>Closes the link (once): loops stop, claims are released, the connection ends.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _isClosed, 1) == 1) return;
        _closing.Cancel();
        _ticker?.Dispose();
        _inbound.Writer.TryComplete();
        _live.Writer.TryComplete();
        Interlocked.Exchange(ref _response, null)?.Cancel();
        EndWant();
        _node.Detach(this, reason);
        _ = Task.Run(() => _transport.CloseAsync(reason));
        _closed.TrySetResult(reason);
    }
}
