namespace Kiosk.Voting.Tally;

/// <summary>What happens when a ballot ranks the same candidate again at a later rank.</summary>
public enum DuplicateRule
{
    /// <summary>The repeated ranking is passed over and the count moves to the next rank.</summary>
    Skip,

    /// <summary>The ballot becomes inactive when the count reaches the repeated ranking.</summary>
    Exhaust,
}
