using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// Body of <c>VoteCast</c>, written by the gateway that checked the vote (or by its ballot box, for secret ballots).
/// The credential is one of: <see cref="Credential"/>, the code's per-ballot credential (code ballots); <see cref="Code"/>,
/// a legacy vote's H(code) (issuances from before per-ballot credentials); or, on roll-call ballots, a device and its
/// member, or a member card (<see cref="Card"/>, the hash of its UID as enrolled) and the member it is enrolled to.
/// <see cref="Choice"/> lists option ids: the one chosen, the approved ones, or the ranking in order.
/// <see cref="Revision"/> counts the votes of this credential the gateway had seen (1 for a first vote), so revotes
/// order before the clock does.
/// </summary>
public sealed record VoteCastBody(string Ballot, string[] Choice, int Revision = 1, string? Code = null, string? Device = null, string? Member = null,
    string? Objection = null, string? Credential = null, string? Card = null) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.VoteCastBody;

    /// <inheritdoc />
    public string? Check()
    {
        if (BallotIds.Check("ballot", Ballot) is { } bad) return bad;
        if (Choice is null || Choice.Length > BallotDefinition.MaxOptions) return "choice must list option ids";
        foreach (var c in Choice)
            if (BallotIds.Check("choice", c) is { } badChoice) return badChoice;
        if (Revision < 1) return "revision starts at 1";
        if ((Code is null ? 0 : 1) + (Credential is null ? 0 : 1) + (Device is null ? 0 : 1) + (Card is null ? 0 : 1) != 1)
            return "a vote carries exactly one of a credential, a (legacy) code hash, a device or a member card";
        if (Credential is not null && !IsHex64(Credential)) return "credential must be 64 lower-case hex digits";
        if (Code is not null && (Code.Length != 64 || !Code.All(Uri.IsHexDigit))) return "code must be H(code) in 64 hex digits";
        if (Device is not null && BodyRules.DeviceId("device", Device) is { } badDevice) return badDevice;
        if (Card is not null && !Presence.MemberCards.IsHash(Card)) return "card must be a card hash in 64 lower-case hex digits";
        if ((Device ?? Card) is not null && Member is null) return "a roll-call vote names the member";
        if ((Device ?? Card) is null && Member is not null) return "only a roll-call vote names a member";
        return Objection is { Length: > 1000 } ? "objection is longer than 1000 characters" : null;
    }

    /// <summary>True for 64 lower-case hex digits.</summary>
    internal static bool IsHex64(string? value) => value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
