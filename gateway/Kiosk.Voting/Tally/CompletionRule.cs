namespace Kiosk.Voting.Tally;

/// <summary>How the Method of Equal Shares spends what its first pass leaves of the budget.</summary>
public enum CompletionRule
{
    /// <summary>Raise every voter's share by <see cref="TallyRules.CompletionStep"/> while the result still fits the real budget,
    /// keep the last result that fits, then fund further projects greedily by votes while they fit (the equalshares.net recommendation).</summary>
    AddOneThenGreedy,

    /// <summary>Only the greedy-by-votes fill of what is left.</summary>
    Greedy,

    /// <summary>No completion: the first pass is the result.</summary>
    None,
}
