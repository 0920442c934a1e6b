using Kiosk.Ledger.Internal;

namespace Kiosk.Ledger;

/// <summary>The ledger's queries: what it holds, what counts, and the state hash.</summary>
public sealed partial class Ledger
{
    /// <summary>
    /// Whether the ledger durably holds the event (<paramref name="author"/>, <paramref name="seq"/>) with id
    /// <paramref name="id"/>. Cheap (memory for a feed's head and its recent events, one primary-key lookup below
    /// them), so a receiver can drop a duplicate before checking its signature: an event with the same id has the same
    /// bytes as the one held, which was checked when it arrived.
    /// </summary>
    public bool Holds(Bytes32 author, long seq, Bytes32 id)
    {
        var (beyond, known) = Remembered(author, seq);
        if (beyond) return false;
        if (known is { } remembered) return remembered == id;
        using var session = _store.OpenSession();
        return session.IdAt(author, seq) == id;
    }

    /// <summary>
    /// What memory says of <paramref name="author"/>#<paramref name="seq"/>: beyond the feed's head (so not held), or
    /// the id held there when it is the head or a recent event; neither means the store must be read.
    /// </summary>
    private (bool Beyond, Bytes32? Id) Remembered(Bytes32 author, long seq) =>
        _published.Read((author, seq), static (s, key) =>
        {
            var head = s.HeadOf(key.author);
            if (key.seq < 1 || key.seq > head.Seq) return (true, (Bytes32?)null);
            return (false, key.seq == head.Seq ? head.Id : s.Recent.IdAt(key.author, key.seq));
        });

    /// <summary>Marks as duplicates the decoded events the ledger already holds; one connection for the lot.</summary>
    private void DropHeld(LedgerEvent?[] events, ReceiveResult?[] results)
    {
        ILedgerStoreSession? session = null;
        try
        {
            for (var i = 0; i < events.Length; i++)
            {
                if (events[i] is not { } e) continue;
                var (beyond, known) = Remembered(e.Author, e.Seq);
                if (beyond) continue;
                var held = (known ?? (session ??= _store.OpenSession()).IdAt(e.Author, e.Seq)) == e.Id;
                if (!held) continue; // an equivocation, found and recorded by the writer
                results[i] = Refusals.Duplicate(e);
                events[i] = null;
            }
        }
        finally
        {
            session?.Dispose();
        }
    }

    /// <summary>Reads events <paramref name="fromSeq"/>..<paramref name="toSeq"/> of a feed, in seq order.</summary>
    public IReadOnlyList<LedgerEvent> ReadFeed(Bytes32 author, long fromSeq = 1, long toSeq = long.MaxValue)
    {
        using var session = _store.OpenSession();
        return session.ReadFeed(author, fromSeq, toSeq).Select(Decode).ToList();
    }

    /// <summary>Every event <paramref name="theirs"/> lacks, feed by feed in seq order (what to send a peer).</summary>
    public IReadOnlyList<LedgerEvent> ReadMissing(VersionVector theirs)
    {
        var missing = new List<LedgerEvent>();
        foreach (var range in Vector.Missing(theirs)) missing.AddRange(ReadFeed(range.Author, range.FromSeq, range.ToSeq));
        return missing;
    }

    /// <summary>Every stored event in (author, seq) order.</summary>
    public IEnumerable<LedgerEvent> ReadAll()
    {
        using var session = _store.OpenSession();
        foreach (var raw in session.ReadAll()) yield return Decode(raw);
    }

    /// <summary>Whether a stored event counts: its author holds the right role, within its cut-off, below any fork.</summary>
    public bool IsApplied(LedgerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!_options.Kinds.TryGet(e.Kind, out var rule)) return false;
        return _published.Read((e, rule), static (s, a) => a.rule.IsAuthority
            ? s.Authority.EffectiveEvents.Contains(a.e.Id)
            : a.e.Seq <= s.AppliedThrough(a.e.Author) && s.Authority.Permits(a.e.Author, a.e.Seq, a.rule.AllowedRoles));
    }

    /// <summary>The applied events of the given kinds, in (author, seq) order.</summary>
    public IEnumerable<LedgerEvent> ReadApplied(params string[] kinds)
    {
        var wanted = kinds.Length == 0 ? null : new HashSet<string>(kinds, StringComparer.Ordinal);
        return ReadAll().Where(e => (wanted is null || wanted.Contains(e.Kind)) && IsApplied(e));
    }

    /// <summary>
    /// A hash of the state the applied events define: identical on every replica that holds the same events,
    /// whatever order they arrived in (docs/ledger-format.md, "State hash").
    /// </summary>
    public Bytes32 StateHash()
    {
        using var session = _store.OpenSession();
        return _published.Read(session, (state, c) => StateHasher.Hash(state, (author, seq) =>
            c.IdAt(author, seq) ?? throw new InvalidDataException($"event {author.ShortHex}#{seq} is missing from {Path}")));
    }

    private LedgerEvent Decode(byte[] raw) =>
        EventEncoding.TryDecode(raw, out var e, out var problem) ? e : throw new InvalidDataException($"{Path}: a stored event does not decode ({problem!.Message}); run kiosk verify");
}
