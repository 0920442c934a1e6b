namespace Kiosk.Ledger;

/// <summary>
/// A ballot box as the authority rule admits it: its key, the gateway it belongs to, and the seq of the gateway's
/// <c>BallotBoxKeyed</c> event (from which on the gateway's own feed takes no secret votes).
/// </summary>
public sealed record BallotBoxBinding(Bytes32 Box, Bytes32 Gateway, long DeclaredAtSeq);
