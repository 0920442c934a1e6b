namespace Kiosk.Mesh.Protocol;

/// <summary>
/// Packs a responder's events into batches for one want: each batch at most <see cref="MeshLimits.MaxBatchBytes"/>,
/// the whole answer within the want's credit (but always at least one event, so an answer always makes progress).
/// The last batch says "no more"; when there is nothing to send at all, that is one empty batch. Pure.
/// </summary>
public sealed class BatchPacker
{
    private readonly long _request;
    private readonly int _credit;
    private readonly List<byte[]> _current = [];
    private int _currentBytes = BatchMessage.HeaderLength;
    private long _used;
    private int _index;

    /// <summary>A packer answering want <paramref name="request"/> with <paramref name="credit"/> bytes (clamped to the protocol's bounds).</summary>
    public BatchPacker(long request, int credit)
    {
        _request = request;
        _credit = Math.Clamp(credit, MeshLimits.MinCredit, MeshLimits.MaxCredit);
    }

    /// <summary>The credit honoured.</summary>
    public int Credit => _credit;

    /// <summary>Event bytes packed so far.</summary>
    public long Used => _used;

    /// <summary>True when an event of <paramref name="length"/> bytes still fits the credit.</summary>
    public bool HasCredit(int length) => _used == 0 || _used + length <= _credit;

    /// <summary>
    /// Adds an event (the caller checked <see cref="HasCredit"/>). Returns the batch that was full before it, to send
    /// now (it says "more": this event follows), or null.
    /// </summary>
    public BatchMessage? Add(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        BatchMessage? full = null;
        if (_current.Count > 0 && _currentBytes + BatchMessage.PerEventOverhead + raw.Length > MeshLimits.MaxBatchBytes)
            full = Take(more: true);
        _current.Add(raw);
        _currentBytes += BatchMessage.PerEventOverhead + raw.Length;
        _used += raw.Length;
        return full;
    }

    /// <summary>The answer's last batch (possibly empty), saying "no more".</summary>
    public BatchMessage Finish() => Take(more: false);

    private BatchMessage Take(bool more)
    {
        var batch = new BatchMessage(_request, _index++, more, [.. _current]);
        _current.Clear();
        _currentBytes = BatchMessage.HeaderLength;
        return batch;
    }
}
