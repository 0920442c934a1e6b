using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Presence;

/// <summary>
/// Body of <c>MeetingOpened</c>: meeting <see cref="Meeting"/> of an assembly of <see cref="Members"/> members, quorate
/// when at least <see cref="QuorumNumerator"/>/<see cref="QuorumDenominator"/> of them are present (a third: 1/3).
/// </summary>
public sealed record MeetingOpenedBody(string Meeting, int Members, int QuorumNumerator, int QuorumDenominator) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.MeetingOpenedBody;

    /// <inheritdoc />
    public string? Check() => BallotIds.Check("meeting", Meeting)
        ?? (Members is < 1 or > 1_000_000 ? "members must be between 1 and 1000000" : null)
        ?? (QuorumDenominator < 1 || QuorumNumerator < 0 || QuorumNumerator > QuorumDenominator ? "the quorum is a fraction between 0/1 and 1/1, e.g. 1/3" : null);
}
