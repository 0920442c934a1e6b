namespace Kiosk.Voting.Tally;

/// <summary>Cumulative votes of ranked ballots that no longer count for any candidate, by reason.</summary>
/// <param name="Overvotes">Reached a rank naming several candidates (under the overvote rule in force).</param>
/// <param name="SkippedRankings">Skipped more consecutive ranks than allowed.</param>
/// <param name="ExhaustedChoices">Ran out of ranked candidates who are still continuing.</param>
/// <param name="RepeatedRankings">Reached a repeated ranking of a candidate (under the duplicate rule "exhaust").</param>
public sealed record InactiveCounts(decimal Overvotes, decimal SkippedRankings, decimal ExhaustedChoices, decimal RepeatedRankings)
{
    /// <summary>No inactive ballots.</summary>
    public static InactiveCounts None { get; } = new(0, 0, 0, 0);

    /// <summary>All inactive votes together.</summary>
    public decimal Total => Overvotes + SkippedRankings + ExhaustedChoices + RepeatedRankings;
}
