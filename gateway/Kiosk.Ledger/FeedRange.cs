namespace Kiosk.Ledger;

/// <summary>Events <see cref="FromSeq"/>..<see cref="ToSeq"/> (inclusive) of one author's feed.</summary>
public readonly record struct FeedRange(Bytes32 Author, long FromSeq, long ToSeq)
{
    /// <summary>How many events the range holds.</summary>
    public long Count => ToSeq - FromSeq + 1;
}
