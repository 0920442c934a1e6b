namespace Kiosk.Ledger;

/// <summary>
/// A replica's knowledge: for each author, the highest seq it holds (feeds are kept contiguous, so that is
/// "everything up to"). Two vectors tell each side exactly which events the other lacks.
/// </summary>
public sealed class VersionVector
{
    private readonly Dictionary<Bytes32, long> _seqs;

    /// <summary>An empty vector.</summary>
    public VersionVector() => _seqs = [];

    /// <summary>A vector from author → highest seq pairs.</summary>
    public VersionVector(IEnumerable<KeyValuePair<Bytes32, long>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _seqs = [];
        foreach (var (author, seq) in entries)
        {
            if (seq < 0) throw new ArgumentOutOfRangeException(nameof(entries), $"seq {seq} of {author.ShortHex} is negative");
            if (seq > 0) _seqs[author] = seq;
        }
    }

    /// <summary>The highest seq held of <paramref name="author"/>'s feed (0 when none).</summary>
    public long this[Bytes32 author] => _seqs.GetValueOrDefault(author);

    /// <summary>The authors with at least one event, in byte order.</summary>
    public IEnumerable<Bytes32> Authors => _seqs.Keys.Order();

    /// <summary>Number of feeds.</summary>
    public int Count => _seqs.Count;

    /// <summary>Sum of all seqs: the number of events held.</summary>
    public long TotalEvents => _seqs.Values.Sum();

    /// <summary>
    /// The ranges <paramref name="other"/> lacks and this vector holds, as (author, first seq, last seq),
    /// in author order; sending them in seq order lets the other side append each feed contiguously.
    /// </summary>
    public IReadOnlyList<FeedRange> Missing(VersionVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var ranges = new List<FeedRange>();
        foreach (var author in Authors)
        {
            var mine = _seqs[author];
            var theirs = other[author];
            if (mine > theirs) ranges.Add(new FeedRange(author, theirs + 1, mine));
        }
        return ranges;
    }

    /// <summary>True when this vector holds everything <paramref name="other"/> does.</summary>
    public bool Dominates(VersionVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other._seqs.All(kv => this[kv.Key] >= kv.Value);
    }

    /// <summary>The entries, author → seq.</summary>
    public IReadOnlyDictionary<Bytes32, long> Entries => _seqs;

    /// <summary>Text form "author:seq,author:seq" in author order (for the have topic and for logs).</summary>
    public override string ToString() => string.Join(',', Authors.Select(a => $"{a.ToHex()}:{_seqs[a]}"));

    /// <summary>Parses the text form of <see cref="ToString"/>.</summary>
    public static bool TryParse(string text, out VersionVector vector)
    {
        vector = new VersionVector();
        if (string.IsNullOrEmpty(text)) return true;
        var entries = new Dictionary<Bytes32, long>();
        foreach (var part in text.Split(','))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !Bytes32.TryParseHex(part[..colon], out var author) ||
                !long.TryParse(part[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq) ||
                !entries.TryAdd(author, seq))
                return false;
        }
        vector = new VersionVector(entries);
        return true;
    }
}
