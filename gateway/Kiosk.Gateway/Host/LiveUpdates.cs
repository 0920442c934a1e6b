using System.Threading.Channels;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Tells open pages that something changed: each durable ledger commit (a vote, a notice, an opened ballot), each change
/// of the mesh pages show (<see cref="Changed"/>), and each press of a wired controller button. Pages subscribe through their server-sent-events stream and refresh only their
/// live regions, never a form a resident is filling in. A burst of commits (a busy vote, a catch-up from a peer) is
/// coalesced into one "changed" per <see cref="CoalesceWindow"/>, so open pages refresh a few times a second at most
/// instead of once per vote.
/// </summary>
public sealed class LiveUpdates : IDisposable
{
    /// <summary>Longest a change waits before pages are told; commits within it are told once.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(250);

    private readonly Kiosk.Ledger.Ledger _ledger;
    private readonly ITimer _flush;
    private readonly object _sync = new();
    private int _pending;
    private readonly List<Channel<LiveMessage>> _subscribers = [];
    private long _version;

    /// <summary>Follows <paramref name="ledger"/>'s commits.</summary>
    public LiveUpdates(Kiosk.Ledger.Ledger ledger, TimeProvider? time = null)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _flush = (time ?? TimeProvider.System).CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ledger.Committed += OnCommitted;
    }

    /// <summary>"changed" messages sent so far (each stands for one or more commits).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>A new subscription; dispose it when the page goes away.</summary>
    public Subscription Subscribe()
    {
        // Bounded with drop-oldest: a slow page loses old "changed" ticks, never blocks the ledger's commit thread.
        var channel = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_sync) _subscribers.Add(channel);
        return new Subscription(this, channel);
    }

    /// <summary>A wired controller button was pressed (next, select or back): forwarded to kiosk pages.</summary>
    public void PressButton(ControllerButton button) => Publish(new LiveMessage("button", button.ToString().ToLowerInvariant()));

    /// <summary>Headphones went into the kiosk's headphone socket (audio mode starts) or came out (it stops): told to kiosk pages.</summary>
    public void Headphones(bool plugged) => Publish(new LiveMessage("headphones", plugged ? "plugged" : "unplugged"));

    /// <summary>Something pages show changed without a commit (the mesh: a link came or went, gateways came into step): told like a commit.</summary>
    public void Changed() => Arm();

    // On the ledger's commit thread: only arm the timer (the first commit of a burst does), never wait.
    private void OnCommitted(object? sender, Kiosk.Ledger.LedgerCommittedEventArgs e) => Arm();

    private void Arm()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0) _flush.Change(CoalesceWindow, Timeout.InfiniteTimeSpan);
    }

    private void Flush()
    {
        // Cleared before telling, so a commit that lands while pages are told arms the next flush.
        Interlocked.Exchange(ref _pending, 0);
        Publish(new LiveMessage("changed", Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private void Publish(LiveMessage message)
    {
        lock (_sync)
            foreach (var s in _subscribers) s.Writer.TryWrite(message);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ledger.Committed -= OnCommitted;
        _flush.Dispose();
        lock (_sync)
        {
            foreach (var s in _subscribers) s.Writer.TryComplete();
            _subscribers.Clear();
        }
    }

    /// <summary>One page's stream of messages.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly LiveUpdates _owner;
        private readonly Channel<LiveMessage> _channel;

        internal Subscription(LiveUpdates owner, Channel<LiveMessage> channel)
        {
            _owner = owner;
            _channel = channel;
        }

        /// <summary>The messages, in order.</summary>
        public ChannelReader<LiveMessage> Reader => _channel.Reader;

        /// <inheritdoc />
        public void Dispose()
        {
            lock (_owner._sync) _owner._subscribers.Remove(_channel);
            _channel.Writer.TryComplete();
        }
    }
}
