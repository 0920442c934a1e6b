namespace Kiosk.Voting.Ballots;

/// <summary>A vote event that does not count, with why (so the console can explain every vote).</summary>
public sealed record IgnoredVote(VoteRecord Vote, string Reason);
