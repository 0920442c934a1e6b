namespace Kiosk.Ledger.Internal;

/// <summary>
/// The ids of the last few events of each feed, kept in memory so the questions replication asks most ("do you hold
/// this event?", "is this a duplicate?") are answered without reading the store. Relayed duplicates are nearly always
/// recent events, and on the hub each store read is a network round trip that blocks a pool thread: answering from
/// memory is what keeps the hub's lag tail short under load (docs/benchmarks.md, "Hub: the lag tail").
/// <para>
/// Only events stored after the ledger opened are known here; an older seq is "unknown" and the caller reads the store.
/// Each feed's window grows as needed up to <see cref="Window"/> ids (a feed with three events costs three slots).
/// </para>
/// </summary>
internal sealed class RecentIds
{
    /// <summary>How many of a feed's latest ids are kept.</summary>
    public const int Window = 128;

    private readonly Dictionary<Bytes32, Feed> _feeds = [];

    /// <summary>Records that <paramref name="author"/>'s event <paramref name="seq"/> has id <paramref name="id"/>; seqs come in order.</summary>
    public void Add(Bytes32 author, long seq, Bytes32 id)
    {
        if (!_feeds.TryGetValue(author, out var feed)) _feeds[author] = feed = new Feed();
        feed.Add(seq, id);
    }

    /// <summary>The id of <paramref name="author"/>'s event <paramref name="seq"/> when it is among the recent ones; null when unknown here.</summary>
    public Bytes32? IdAt(Bytes32 author, long seq) => _feeds.TryGetValue(author, out var feed) ? feed.IdAt(seq) : null;

    /// <summary>A ring of one feed's latest ids: slot <c>seq % length</c>, valid for the last <c>_count</c> seqs up to <c>_last</c>.</summary>
    private sealed class Feed
    {
        private Bytes32[] _ids = new Bytes32[4];
        private long _last;
        private int _count;

        public void Add(long seq, Bytes32 id)
        {
            if (_count > 0 && seq != _last + 1) _count = 0; // not the next seq (a reload, a gap): start the window again
            if (_count == _ids.Length && _ids.Length < Window) Grow();
            _ids[Slot(seq)] = id;
            _last = seq;
            _count = Math.Min(_count + 1, _ids.Length);
        }

        public Bytes32? IdAt(long seq) => _count > 0 && seq <= _last && seq > _last - _count ? _ids[Slot(seq)] : null;

        private int Slot(long seq) => (int)(seq % _ids.Length);

        private void Grow()
        {
            var larger = new Bytes32[Math.Min(_ids.Length * 2, Window)];
            for (var seq = _last - _count + 1; seq <= _last; seq++) larger[seq % larger.Length] = _ids[Slot(seq)];
            _ids = larger;
        }
    }
}
