namespace Kiosk.Voting.Ballots;

/// <summary>A vote event that does not count, with why (so the console can explain every vote).</summary>
/// <param name="Vote">The vote event.</param>
/// <param name="Reason">Why it does not count.</param>
/// <param name="Gateway">The gateway it was cast at (the vote's author, or the gateway whose ballot box wrote it).</param>
public sealed record IgnoredVote(VoteRecord Vote, string Reason, Kiosk.Ledger.Bytes32 Gateway);
