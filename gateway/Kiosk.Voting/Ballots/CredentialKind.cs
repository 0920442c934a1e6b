namespace Kiosk.Voting.Ballots;

/// <summary>The kinds of <see cref="VoterCredential"/>.</summary>
public enum CredentialKind
{
    /// <summary>A per-ballot code credential, H("kiosk/v1/credential" ‖ code ‖ ballot).</summary>
    Code,

    /// <summary>A legacy code hash H(code), the same on every ballot of a session (issuances before per-ballot credentials).</summary>
    LegacyCode,

    /// <summary>A roll-call member or seat named by an enrolled button.</summary>
    Member,
}
