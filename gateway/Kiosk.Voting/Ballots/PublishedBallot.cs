using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>A ballot definition with the event that published it.</summary>
public sealed record PublishedBallot(BallotDefinition Definition, Bytes32 EventId, Bytes32 Author, long TimeMs);
