namespace Kiosk.Voting.Tally;

/// <summary>Why a ranked ballot stopped counting (see <see cref="InactiveCounts"/>).</summary>
internal enum InactiveReason
{
    Overvote,
    SkippedRankings,
    ExhaustedChoices,
    RepeatedRanking,
}
