namespace Kiosk.Voting.Tally;

/// <summary>The share of yes among yes-plus-no votes a yes/no/abstain ballot needs to pass. Abstentions are not in the denominator.</summary>
public enum YesNoThreshold
{
    /// <summary>More yes than no (strictly more than half of yes + no).</summary>
    SimpleMajority,

    /// <summary>At least two thirds of yes + no.</summary>
    TwoThirds,

    /// <summary>At least three quarters of yes + no.</summary>
    ThreeQuarters,

    /// <summary>No vote against and at least one vote for.</summary>
    Unanimity,
}
