namespace Kiosk.Voting.Ballots;

/// <summary>
/// That a vote cast at this gateway was accepted (<paramref name="Refusal"/> null) or refused and why: what metrics count
/// and the log shows. It never carries the code, the member or the choice (promise 7).
/// </summary>
/// <param name="Channel">Code or device.</param>
/// <param name="BallotId">The ballot voted on.</param>
/// <param name="Refusal">Why it was refused, or null when accepted.</param>
public sealed record VoteDecision(VoteChannel Channel, string BallotId, VoteRefusal? Refusal);
