using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// Body of <c>CloseSeen</c>: the ballot whose close this gateway has learnt of, and <see cref="BoxThrough"/>, the seq of
/// its ballot box's feed through which the box's votes count (the gateway flushed its queue for the ballot into the box
/// just before). A CloseSeen without it (written before ballot boxes) admits no box votes.
/// </summary>
public sealed record CloseSeenBody(string Ballot, long? BoxThrough = null) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.CloseSeenBody;

    /// <inheritdoc />
    public string? Check() => BallotIds.Check("ballot", Ballot) ?? (BoxThrough is < 0 ? "boxThrough: a seq, 0 or more" : null);
}
