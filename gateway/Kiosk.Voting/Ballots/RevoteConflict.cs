using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// One credential (a code or member) that voted at more than one gateway, typically during a partition: the revote
/// rule picked <see cref="Counted"/>; facilitators see the others.
/// </summary>
public sealed record RevoteConflict(VoterCredential Credential, IReadOnlyList<Bytes32> Gateways, Bytes32 Counted, IReadOnlyList<Bytes32> NotCounted);
