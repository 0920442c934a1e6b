namespace Kiosk.Voting.Tally;

/// <summary>What happens when a ballot's current rank names several candidates (<c>A|B</c>).</summary>
public enum OvervoteRule
{
    /// <summary>The ballot becomes inactive as soon as the count reaches the overvoted rank.</summary>
    ExhaustImmediately,

    /// <summary>The overvoted rank is passed over, as if blank (it does not count as a skipped rank).</summary>
    AlwaysSkipToNextRank,

    /// <summary>The ballot becomes inactive only if two or more candidates at that rank are still continuing;
    /// with exactly one continuing, the ballot counts for that one; with none, the count moves to the next rank.</summary>
    ExhaustIfMultipleContinuing,
}
