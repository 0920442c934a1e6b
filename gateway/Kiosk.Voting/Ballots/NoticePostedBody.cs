using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>Body of <c>NoticePosted</c>: a notice with translations, shown on the board until it expires.</summary>
public sealed record NoticePostedBody(string Id, Dictionary<string, string> Title, Dictionary<string, string> Text, DateTimeOffset? Expires = null) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.NoticePostedBody;

    /// <inheritdoc />
    public string? Check() => BallotIds.Check("id", Id) ?? Translations.Check("title", Title, maxLength: 300) ?? Translations.Check("text", Text);
}
