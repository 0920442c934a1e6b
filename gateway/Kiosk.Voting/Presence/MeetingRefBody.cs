using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Presence;

/// <summary>Body of <c>MeetingEnded</c>: names the meeting.</summary>
public sealed record MeetingRefBody(string Meeting) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.MeetingRefBody;

    /// <inheritdoc />
    public string? Check() => BallotIds.Check("meeting", Meeting);
}
