using System.Threading.Channels;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Tells open pages that something changed: each durable ledger commit (a vote, a notice, an opened ballot) and each
/// press of a wired controller button. Pages subscribe through their server-sent-events stream and refresh only their
/// live regions, never a form a resident is filling in.
/// </summary>
public sealed class LiveUpdates : IDisposable
{
    private readonly Kiosk.Ledger.Ledger _ledger;
    private readonly object _sync = new();
    private readonly List<Channel<LiveMessage>> _subscribers = [];
    private long _version;

    /// <summary>Follows <paramref name="ledger"/>'s commits.</summary>
    public LiveUpdates(Kiosk.Ledger.Ledger ledger)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _ledger.Committed += OnCommitted;
    }

    /// <summary>Commits seen so far.</summary>
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

    private void OnCommitted(object? sender, Kiosk.Ledger.LedgerCommittedEventArgs e) =>
        Publish(new LiveMessage("changed", Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private void Publish(LiveMessage message)
    {
        lock (_sync)
            foreach (var s in _subscribers) s.Writer.TryWrite(message);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ledger.Committed -= OnCommitted;
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
