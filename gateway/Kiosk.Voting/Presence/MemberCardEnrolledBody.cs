using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Presence;

/// <summary>
/// Body of <c>MemberCardEnrolled</c>: the member card whose UID hashes to <see cref="Card"/> (<see cref="MemberCards.Hash"/>)
/// belongs to <see cref="Member"/>. The ledger holds the hash, not the UID, so the board and exports never print a number
/// that could be written onto a copied card.
/// </summary>
public sealed record MemberCardEnrolledBody(string Card, string Member) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.MemberCardEnrolledBody;

    /// <inheritdoc />
    public string? Check() => (MemberCards.IsHash(Card) ? null : "card must be a card hash in 64 lower-case hex digits") ?? BodyRules.Name("member", Member);
}
