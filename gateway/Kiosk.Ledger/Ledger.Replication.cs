namespace Kiosk.Ledger;

/// <summary>
/// What replication (Kiosk.Mesh) asks of a ledger besides <see cref="Holds"/> and <see cref="ReceiveAsync(IReadOnlyList{byte[]}, CancellationToken)"/>:
/// the id held at a seq, to compare a peer's feed head with ours, and the events that prove a feed forked, so a fork
/// travels to replicas that never saw the second event.
/// </summary>
public sealed partial class Ledger
{
    /// <summary>The id of the stored event <paramref name="author"/>#<paramref name="seq"/>, or null when none is stored.</summary>
    public Bytes32? IdAt(Bytes32 author, long seq)
    {
        var (beyond, known) = Remembered(author, seq);
        if (beyond) return null;
        if (known is not null) return known;
        using var session = _store.OpenSession();
        return session.IdAt(author, seq);
    }

    /// <summary>
    /// The fork proof of <paramref name="author"/>'s feed: every pair of events signed at the same seq that this ledger
    /// recorded, in (seq, id) order, as raw canonical bytes. Empty when the feed is not forked here.
    /// </summary>
    public IReadOnlyList<byte[]> ReadForkProof(Bytes32 author)
    {
        using var session = _store.OpenSession();
        return session.ReadForkProof(author);
    }
}
