namespace Kiosk.Voting.Tally;

/// <summary>The input of an unranked count (approval, plurality, yes/no/abstain, consent).</summary>
/// <param name="Options">Option (candidate) names; ballots refer to them by index.</param>
/// <param name="Ballots">The ballots, with weights.</param>
public sealed record ChoiceElection(IReadOnlyList<string> Options, IReadOnlyList<ChoiceBallot> Ballots)
{
    /// <summary>Checks indices and weights.</summary>
    public TallyError? Validate()
    {
        for (var i = 0; i < Ballots.Count; i++)
        {
            var b = Ballots[i];
            if (b.Weight < 0) return new TallyError($"ballot {i + 1} has a negative weight ({b.Weight})");
            foreach (var c in b.Choices ?? [])
            {
                if (c < 0 || c >= Options.Count) return new TallyError($"ballot {i + 1} names unknown option number {c + 1}");
            }
        }
        return null;
    }
}
