namespace Kiosk.Voting.Tally;

/// <summary>The input of a ranked count: candidates, ballots, and what the ballot file said about seats and withdrawals.</summary>
/// <param name="Candidates">Candidate names; ballots refer to them by index.</param>
/// <param name="Ballots">The ballots, with weights.</param>
/// <param name="Seats">Seats named by the file (BLT), if any; the rules' seat count is used otherwise.</param>
/// <param name="Withdrawn">Indices of withdrawn candidates, who take part in no round.</param>
/// <param name="Title">The election's title, if the file gives one.</param>
public sealed record RankedElection(
    IReadOnlyList<string> Candidates,
    IReadOnlyList<RankedBallot> Ballots,
    int? Seats = null,
    IReadOnlyList<int>? Withdrawn = null,
    string? Title = null)
{
    /// <summary>
    /// A BLT file's <c>[tie …]</c> order: candidate indices, each once. When a tie falls through to the candidate order, the
    /// candidate earliest in this order is the one chosen, whether to elect or to eliminate (as droop draws its lots).
    /// </summary>
    public IReadOnlyList<int>? TieOrder { get; init; }

    /// <summary>Builds an election from candidate names and ballots written as rank lists of names (for tests and small inputs).</summary>
    public static RankedElection FromNames(IReadOnlyList<string> candidates, params (decimal Weight, string[] Order)[] ballots)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(ballots);
        var index = candidates.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var list = ballots.Select(b => RankedBallot.FromRanks(
            b.Weight,
            b.Order.Select(cell => (IReadOnlyList<int>)(cell.Length == 0 ? [] : cell.Split('|').Select(n => index[n]).ToArray())).ToArray())).ToArray();
        return new RankedElection(candidates, list);
    }

    /// <summary>Checks what a hand-built election could get wrong: indices out of range, negative weights, duplicate names.</summary>
    public TallyError? Validate()
    {
        if (Candidates.Count == 0) return new TallyError("there are no candidates");
        if (Candidates.Distinct(StringComparer.Ordinal).Count() != Candidates.Count) return new TallyError("candidate names must be unique");
        foreach (var w in Withdrawn ?? [])
        {
            if (w < 0 || w >= Candidates.Count) return new TallyError($"withdrawn candidate {w + 1} does not exist");
        }
        if (TieOrder is { } order && (order.Count != Candidates.Count || order.Distinct().Count() != order.Count || order.Any(c => c < 0 || c >= Candidates.Count)))
            return new TallyError("the tie-break order must list every candidate exactly once");
        for (var i = 0; i < Ballots.Count; i++)
        {
            var b = Ballots[i];
            if (b.Weight < 0) return new TallyError($"ballot {i + 1} has a negative weight ({b.Weight})");
            foreach (var m in b.Marks ?? [])
            {
                if (m != RankedBallot.Separator && (m < 0 || m >= Candidates.Count)) return new TallyError($"ballot {i + 1} names unknown candidate number {m + 1}");
            }
        }
        return null;
    }
}
