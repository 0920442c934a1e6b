using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>One issued per-ballot commitment as the ledger knows it: the weight its votes carry and the issuing event.</summary>
public sealed record CommitmentIssue(decimal Weight, Bytes32 EventId);
