using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Box;

/// <summary>
/// A secret vote waiting in a gateway's local queue for its batch: a random id, the gateway, the ballot, the exact
/// <c>VoteCast</c> body the box will publish, the vote's random receipt tracker, and (while a batch is being published)
/// the random id of that batch. Nothing records when it was queued.
/// </summary>
public sealed record QueuedVote(byte[] Id, Bytes32 Gateway, string Ballot, byte[] Body, string Tracker, byte[]? Batch = null)
{
    /// <summary>Length of <see cref="Id"/> and <see cref="Batch"/>: 128 random bits.</summary>
    public const int IdLength = 16;

    /// <summary>The parsed body (null when it does not parse, which only a damaged file gives).</summary>
    public VoteCastBody? Vote => BodyJson.TryRead<VoteCastBody>(Body, out var body, out _) ? body : null;

    /// <summary>A new random id.</summary>
    public static byte[] NewId() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(IdLength);
}
