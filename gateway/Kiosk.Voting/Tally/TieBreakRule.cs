namespace Kiosk.Voting.Tally;

/// <summary>
/// How ties are broken (for elimination, election, and the last seats of top-n methods).
/// Candidates listed earlier are favoured: an election tie goes to the earliest, an elimination tie removes the latest.
/// </summary>
public enum TieBreakRule
{
    /// <summary>By the order in which candidates are declared (earlier is favoured).</summary>
    CandidateOrder,

    /// <summary>By the tallies of the previous rounds, most recent first (higher is favoured), then by candidate order.</summary>
    PreviousRoundsThenCandidateOrder,

    /// <summary>By lot, drawn from a seeded generator (SplitMix64) so the draw can be repeated; the seed is recorded in the result.</summary>
    Random,
}
