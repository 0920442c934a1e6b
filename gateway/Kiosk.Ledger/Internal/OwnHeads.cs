using System.Collections.Concurrent;
using Kiosk.Ledger.Storage;

namespace Kiosk.Ledger.Internal;

/// <summary>
/// The head records of the feeds this ledger authors: signed after each durable commit of an own event and written
/// beside the database by <see cref="HeadRecordWriter"/>, and read at open so that a feed the database lost events of is not written again: its next
/// seq was already signed once, and signing it again would fork the feed for every peer that saw the first.
/// </summary>
internal sealed class OwnHeads : IDisposable
{
    private readonly string _folder;
    private readonly HeadRecordWriter _writer;
    private readonly ConcurrentDictionary<Bytes32, HeadRecord> _records = new();
    private readonly ConcurrentDictionary<Bytes32, string> _rewritten = new();
    private readonly ConcurrentDictionary<Bytes32, string> _seenAt = new();
    private readonly ConcurrentDictionary<Bytes32, string> _held = new();

    private OwnHeads(string folder, TimeSpan interval)
    {
        _folder = folder;
        _writer = new HeadRecordWriter(folder, interval);
    }

    /// <summary>
    /// Loads the records in <paramref name="folder"/> that belong to <paramref name="assembly"/>. Malformed or
    /// foreign records are left to the integrity check to report; here they only do not count.
    /// </summary>
    public static OwnHeads Load(string folder, AssemblyId? assembly, TimeSpan interval, Func<Bytes32, long, Bytes32?> idAt)
    {
        var heads = new OwnHeads(folder, interval);
        if (assembly is not { } bound) return heads;
        foreach (var (file, bytes) in HeadRecordFiles.ReadAll(heads._folder))
        {
            if (!HeadRecord.TryRead(bytes, out var record, out _) || record.Assembly != bound || HeadRecordFiles.AuthorNamed(file) != record.Author) continue;
            heads._records[record.Author] = record;
            if (idAt(record.Author, record.Seq) is { } stored && stored != record.Id)
                heads._rewritten[record.Author] = $"own feed rewritten: head record says #{record.Seq} is {record.Id.ShortHex}, the ledger's #{record.Seq} is {stored.ShortHex}";
        }
        return heads;
    }

    /// <summary>Why <paramref name="author"/> may not write after <paramref name="head"/>, or null when it may.</summary>
    public string? WhyRefused(Bytes32 author, FeedHead head)
    {
        if (_rewritten.TryGetValue(author, out var rewritten)) return rewritten;
        if (_records.TryGetValue(author, out var record) && record.Seq > head.Seq)
        {
            return _seenAt.TryGetValue(author, out var where)
                ? $"own feed rolled back: {where} holds #{record.Seq}, this ledger ends at #{head.Seq} (restored from an older copy, or its newest events lost); it writes nothing more until it has them back"
                : $"own feed rolled back: head record says #{record.Seq}, ledger ends at #{head.Seq}";
        }
        return null;
    }

    /// <summary>Why <paramref name="author"/>'s feed is held (in memory, by this process), or null.</summary>
    public string? WhyHeld(Bytes32 author) => _held.GetValueOrDefault(author);

    /// <summary>Holds <paramref name="author"/>'s feed: appends are refused with <paramref name="reason"/> until <see cref="Release"/>.</summary>
    public void Hold(Bytes32 author, string reason) => _held[author] = reason;

    /// <summary>Ends a hold; true when there was one.</summary>
    public bool Release(Bytes32 author) => _held.TryRemove(author, out _);

    /// <summary>The feeds written here that end before their record, with the record's seq and where that seq was seen.</summary>
    public IEnumerable<(Bytes32 Author, long Seq, string? SeenAt)> Ahead(Func<Bytes32, FeedHead> headOf) =>
        _records.Values.Where(r => r.Seq > headOf(r.Author).Seq).Select(r => (r.Author, r.Seq, _seenAt.GetValueOrDefault(r.Author)));

    /// <summary>
    /// Takes <paramref name="elsewhere"/>, a head of <paramref name="key"/>'s feed that <paramref name="where"/> holds, as
    /// this feed's record when it is later than the record here: signed with the feed's own key and written like any
    /// record, so appends stay refused — across restarts, and in every process that opens the file — until the events
    /// are back. False when the record here is as late already.
    /// </summary>
    public bool Adopt(AssemblyId assembly, AuthorKeyPair key, FeedHead elsewhere, string where)
    {
        var author = key.PublicKey;
        var record = new HeadRecord(assembly, author, elsewhere.Seq, elsewhere.Id);
        while (true)
        {
            if (_records.TryGetValue(author, out var current))
            {
                if (current.Seq >= elsewhere.Seq) return false;
                if (!_records.TryUpdate(author, record, current)) continue;
            }
            else if (!_records.TryAdd(author, record))
            {
                continue;
            }
            break;
        }
        _seenAt[author] = where;
        _writer.Post(author, record.Sign(key));
        return true;
    }

    /// <summary>
    /// Records the new heads of feeds this process just wrote and committed: signs each record here, on the committer
    /// (the caller's key is alive until its append completes), and leaves the file write to <see cref="HeadRecordWriter"/>.
    /// </summary>
    public void Record(AssemblyId assembly, IEnumerable<(AuthorKeyPair Key, LedgerEvent Head)> heads)
    {
        foreach (var (key, head) in heads)
        {
            var record = new HeadRecord(assembly, head.Author, head.Seq, head.Id);
            // Never back below a record adopted from a peer meanwhile: that one names what the feed must get back first.
            if (_records.AddOrUpdate(head.Author, record, (_, old) => old.Seq > record.Seq ? old : record) != record) continue;
            _seenAt.TryRemove(head.Author, out _);
            _writer.Post(head.Author, record.Sign(key));
        }
    }

    /// <summary>Head records that could not be written since the ledger opened.</summary>
    public long WriteFailures => _writer.Failures;

    /// <summary>Writes the records still due and stops the writer.</summary>
    public void Dispose() => _writer.Dispose();
}
