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
            return $"own feed rolled back: head record says #{record.Seq}, ledger ends at #{head.Seq}";
        return null;
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
            _records[head.Author] = record;
            _writer.Post(head.Author, record.Sign(key));
        }
    }

    /// <summary>Head records that could not be written since the ledger opened.</summary>
    public long WriteFailures => _writer.Failures;

    /// <summary>Writes the records still due and stops the writer.</summary>
    public void Dispose() => _writer.Dispose();
}
