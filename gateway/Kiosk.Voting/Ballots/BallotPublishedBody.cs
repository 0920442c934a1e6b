using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>Body of <c>BallotPublished</c>: the ballot's definition.</summary>
public sealed record BallotPublishedBody(BallotDefinition Ballot) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.BallotPublishedBody;

    /// <inheritdoc />
    public string? Check() => Ballot is null ? "ballot is missing" : Ballot.Check();
}
