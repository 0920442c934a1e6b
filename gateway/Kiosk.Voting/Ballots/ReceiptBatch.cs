using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// One batch of secret votes a gateway's ballot box published, as the board lists it: "recorded in batch
/// <see cref="Number"/> of gateway <see cref="Gateway"/>", its sorted trackers, and whether the batch counts (it was
/// published before its gateway saw the close, and is within a certification).
/// </summary>
public sealed record ReceiptBatch(Bytes32 Gateway, int Number, IReadOnlyList<string> Trackers, bool Counts, Bytes32 ReceiptsEvent);
