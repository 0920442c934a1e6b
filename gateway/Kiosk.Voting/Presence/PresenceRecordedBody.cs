using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Presence;

/// <summary>
/// Body of <c>PresenceRecorded</c>: <see cref="Member"/> checked in (<see cref="In"/>) or out (<see cref="Out"/>) of
/// <see cref="Meeting"/>, through <see cref="Source"/> (card, button or console), recorded by <see cref="By"/> (the
/// station or facilitator who did it, as shown on the console).
/// </summary>
public sealed record PresenceRecordedBody(string Meeting, string Member, string Action, string Source, string By) : ICheckedBody
{
    /// <summary>Checked in.</summary>
    public const string In = "in";

    /// <summary>Checked out.</summary>
    public const string Out = "out";

    /// <summary>A member card tapped on a reader.</summary>
    public const string Card = "card";

    /// <summary>A button at a station.</summary>
    public const string Button = "button";

    /// <summary>A facilitator on the console.</summary>
    public const string Console = "console";

    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.PresenceRecordedBody;

    /// <inheritdoc />
    public string? Check() => BallotIds.Check("meeting", Meeting) ?? BodyRules.Name("member", Member) ?? BodyRules.Name("by", By)
        ?? (Action is In or Out ? null : $"action must be '{In}' or '{Out}'")
        ?? (Source is Card or Button or Console ? null : $"source must be '{Card}', '{Button}' or '{Console}'");
}
