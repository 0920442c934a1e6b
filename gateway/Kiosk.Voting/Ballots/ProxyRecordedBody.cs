using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>Body of <c>ProxyRecorded</c>: on a roll-call ballot, member <see cref="From"/> gives their vote's weight to <see cref="To"/>.</summary>
public sealed record ProxyRecordedBody(string Ballot, string From, string To) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.ProxyRecordedBody;

    /// <inheritdoc />
    public string? Check() => BallotIds.Check("ballot", Ballot) ?? BodyRules.Name("from", From) ?? BodyRules.Name("to", To) ??
        (From == To ? "a member cannot give their proxy to themselves" : null);
}
