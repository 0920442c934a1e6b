using Kiosk.Ledger.Storage;

namespace Kiosk.Ledger;

/// <summary>
/// What replication (Kiosk.Mesh) asks of a ledger besides <see cref="ReceiveAsync(IReadOnlyList{byte[]}, CancellationToken)"/>:
/// whether an event is already held, so a relayed duplicate is dropped before its signature is checked, and the
/// events that prove a feed forked, so a fork travels to replicas that never saw the second event.
/// </summary>
public sealed partial class Ledger
{
    /// <summary>
    /// True when the event <paramref name="id"/> is stored at <paramref name="author"/>#<paramref name="seq"/>. A different
    /// event at that seq gives false (the receiver then takes the equivocation path); so does a seq not held yet.
    /// </summary>
    public bool Holds(Bytes32 author, long seq, Bytes32 id)
    {
        var head = HeadOf(author);
        if (seq > head.Seq || seq < 1) return false;
        if (seq == head.Seq) return head.Id == id; // the common case (live relays) needs no read
        return IdAt(author, seq) == id;
    }

    /// <summary>The id of the stored event <paramref name="author"/>#<paramref name="seq"/>, or null when none is stored.</summary>
    public Bytes32? IdAt(Bytes32 author, long seq)
    {
        using var connection = _store.OpenConnection();
        return SqliteLedgerStore.ReadRaw(connection, "SELECT id FROM events WHERE author = $a AND seq = $s", ("$a", author.ToArray()), ("$s", seq))
            is [var id] ? Bytes32.Read(id) : null;
    }

    /// <summary>
    /// The fork proof of <paramref name="author"/>'s feed: every pair of events signed at the same seq that this ledger
    /// recorded, in (seq, id) order, as raw canonical bytes. Empty when the feed is not forked here.
    /// </summary>
    public IReadOnlyList<byte[]> ReadForkProof(Bytes32 author)
    {
        using var connection = _store.OpenConnection();
        return SqliteLedgerStore.ReadRaw(connection, "SELECT raw FROM equivocations WHERE author = $a ORDER BY seq, id", ("$a", author.ToArray()));
    }
}
