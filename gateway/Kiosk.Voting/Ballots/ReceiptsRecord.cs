using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>A <c>BallotReceipts</c> event as the projection keeps it: which box wrote it, at which seq, and the batch's sorted trackers.</summary>
public sealed record ReceiptsRecord(Bytes32 EventId, Bytes32 Box, long Seq, IReadOnlyList<string> Trackers);
