namespace Kiosk.Voting.Tally;

/// <summary>The outcome of a yes/no/abstain or consent ballot.</summary>
/// <param name="Passed">Whether the proposal passed.</param>
/// <param name="Reason">Why, in a sentence (quorum missed, threshold not reached, objections raised, …).</param>
/// <param name="QuorumMet">Whether the quorum was met; null when there was no quorum.</param>
/// <param name="QuorumRequired">Participation required for quorum, when there is one.</param>
/// <param name="Participation">Votes taking part (yes + no + abstain, or all consent ballots).</param>
public sealed record TallyDecision(bool Passed, string Reason, bool? QuorumMet = null, decimal? QuorumRequired = null, decimal Participation = 0);
