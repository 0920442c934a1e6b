namespace Kiosk.Voting.Ballots;

/// <summary>Why a vote was not taken. Each has its own code; the kiosk and the command line say it plainly.</summary>
public enum VoteRefusalReason
{
    /// <summary>The code has a typing mistake (wrong length, unknown symbol, check symbol does not match).</summary>
    CodeMistyped,

    /// <summary>No issued code matches.</summary>
    CodeUnknown,

    /// <summary>The code was issued for another ballot.</summary>
    CodeForOtherBallot,

    /// <summary>The code already voted and the ballot lets the first vote count.</summary>
    CodeAlreadyUsed,

    /// <summary>No such ballot.</summary>
    BallotUnknown,

    /// <summary>The ballot has not been opened (here).</summary>
    BallotNotOpen,

    /// <summary>The ballot is closed here (this gateway has written CloseSeen).</summary>
    BallotClosed,

    /// <summary>The choice names an option the ballot does not have, or is not a valid choice for its method.</summary>
    InvalidChoice,

    /// <summary>The device is not enrolled to this gateway, is revoked, or names no member.</summary>
    DeviceNotEligible,

    /// <summary>The ballot takes codes but a device voted, or the reverse.</summary>
    WrongCredential,

    /// <summary>This gateway is not an enrolled gateway of the assembly.</summary>
    GatewayNotEnrolled,

    /// <summary>This gateway was retired from the assembly (<c>GatewayRetired</c>): it takes no more votes.</summary>
    GatewayRetired,

    /// <summary>
    /// This gateway's own feed is longer elsewhere than here (restored from an older copy, or its newest events lost), or
    /// it has not yet heard from its peers since it started: it takes no votes until it has its own events back (or has
    /// heard from them), so it never signs a seq twice.
    /// </summary>
    GatewayRecovering,

    /// <summary>
    /// Another vote with the same code (or member) on the same ballot is being recorded at this moment; nothing was
    /// recorded for this one, and the voter may try again in a moment (on a last-counts ballot the retry then replaces it).
    /// </summary>
    VoteInProgress,

    /// <summary>The vote was checked but could not be recorded (the ledger or the ballot-box queue failed); nothing was counted, the voter may retry.</summary>
    NotRecorded,
}
