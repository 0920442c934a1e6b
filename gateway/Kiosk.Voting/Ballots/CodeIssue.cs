using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>One issued code as the ledger knows it: H(H(code)), the ballots it is valid for, its weight.</summary>
public sealed record CodeIssue(string DoubleHash, IReadOnlyList<string> Ballots, decimal Weight, Bytes32 EventId);
