using System.Text.Json.Serialization;

namespace Kiosk.Voting.Ballots;

/// <summary>The retained <c>ballot/current</c> message: the roll-call ballot open at this gateway and its options, or none.</summary>
public sealed record CurrentBallot(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("ballot")] string? Ballot = null,
    [property: JsonPropertyName("title")] string? Title = null,
    [property: JsonPropertyName("options")] string[]? Options = null)
{
    /// <summary>State when a ballot is open for buttons.</summary>
    public const string OpenState = "open";

    /// <summary>State when nothing is open.</summary>
    public const string NoneState = "none";

    /// <summary>Nothing open.</summary>
    public static CurrentBallot None { get; } = new(NoneState);
}
