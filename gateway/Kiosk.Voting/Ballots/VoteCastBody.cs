using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// Body of <c>VoteCast</c>, written by the gateway that checked the vote. The credential is either a code's
/// H(code) (secret ballots: no identity) or a device and its member (roll-call). <see cref="Choice"/> lists
/// option ids: the one chosen, the approved ones, or the ranking in order. <see cref="Revision"/> counts the
/// votes of this credential the gateway had seen (1 for a first vote), so revotes order before the clock does.
/// </summary>
public sealed record VoteCastBody(string Ballot, string[] Choice, int Revision = 1, string? Code = null, string? Device = null, string? Member = null, string? Objection = null) : ICheckedBody
{
    /// <inheritdoc />
    public string? Check()
    {
        if (BallotIds.Check("ballot", Ballot) is { } bad) return bad;
        if (Choice is null || Choice.Length > BallotDefinition.MaxOptions) return "choice must list option ids";
        foreach (var c in Choice)
            if (BallotIds.Check("choice", c) is { } badChoice) return badChoice;
        if (Revision < 1) return "revision starts at 1";
        if ((Code is null) == (Device is null)) return "a vote carries either a code hash or a device";
        if (Code is not null && (Code.Length != 64 || !Code.All(Uri.IsHexDigit))) return "code must be H(code) in 64 hex digits";
        if (Device is not null && BodyRules.DeviceId("device", Device) is { } badDevice) return badDevice;
        if (Device is not null && Member is null) return "a roll-call vote names the member";
        return Objection is { Length: > 1000 } ? "objection is longer than 1000 characters" : null;
    }
}
