namespace Kiosk.Voting.Ballots;

/// <summary>
/// Who a vote is from, as far as the revote rule and conflict detection need to know: a per-ballot code credential
/// (secret and code ballots), a legacy code hash (votes from before per-ballot credentials), or a named member
/// (roll-call). A value, compared by kind and value; never a person's identity on a code ballot.
/// </summary>
public readonly record struct VoterCredential(CredentialKind Kind, string Value)
{
    /// <summary>A vote's per-ballot code credential (hex).</summary>
    public static VoterCredential Code(string credentialHex) => new(CredentialKind.Code, credentialHex);

    /// <summary>A legacy vote's H(code) (hex).</summary>
    public static VoterCredential LegacyCode(string codeHashHex) => new(CredentialKind.LegacyCode, codeHashHex);

    /// <summary>A roll-call member or seat.</summary>
    public static VoterCredential Member(string member) => new(CredentialKind.Member, member);

    /// <summary>The credential a vote's body carries.</summary>
    public static VoterCredential Of(VoteCastBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.Credential is { } credential ? Code(credential)
            : body.Code is { } code ? LegacyCode(code)
            : Member(body.Member ?? "");
    }

    /// <summary>True for the two kinds of code credential.</summary>
    public bool IsCode => Kind is CredentialKind.Code or CredentialKind.LegacyCode;

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        CredentialKind.Code => "credential:" + Value,
        CredentialKind.LegacyCode => "code:" + Value,
        _ => "member:" + Value,
    };
}
