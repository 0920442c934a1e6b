namespace Kiosk.Voting.Ballots;

/// <summary>A gateway's CloseSeen for a ballot: its seq in the gateway's feed, and the box seq through which box votes count (null: none do).</summary>
public sealed record CloseSeenRecord(long Seq, long? BoxThrough);
