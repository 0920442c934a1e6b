namespace Kiosk.Ledger;

/// <summary>The last event of a feed: its seq and id (the next event's prev).</summary>
public readonly record struct FeedHead(long Seq, Bytes32 Id)
{
    /// <summary>The head of a feed with no events.</summary>
    public static readonly FeedHead Empty = new(0, Bytes32.Zero);
}
