namespace Kiosk.Voting.Tally;

/// <summary>Accumulates inactive votes by reason while a count runs.</summary>
internal sealed class InactiveTally
{
    private readonly decimal[] _byReason = new decimal[4];

    public void Add(InactiveReason reason, decimal votes) => _byReason[(int)reason] += votes;

    public decimal Total => _byReason.Sum();

    public InactiveCounts Snapshot() => new(
        _byReason[(int)InactiveReason.Overvote],
        _byReason[(int)InactiveReason.SkippedRankings],
        _byReason[(int)InactiveReason.ExhaustedChoices],
        _byReason[(int)InactiveReason.RepeatedRanking]);
}
