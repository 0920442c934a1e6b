using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>Body of <c>BallotOpened</c>, <c>BallotClosed</c> and <c>CloseSeen</c>: the ballot concerned.</summary>
public sealed record BallotRefBody(string Ballot) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.BallotRefBody;

    /// <inheritdoc />
    public string? Check() => BallotIds.Check("ballot", Ballot);
}
