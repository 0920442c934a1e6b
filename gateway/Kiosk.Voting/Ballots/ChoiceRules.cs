using Kiosk.Voting.Tally;

namespace Kiosk.Voting.Ballots;

/// <summary>What a well-formed choice is for each method: one option, a set, a ranking, or projects within budget.</summary>
public static class ChoiceRules
{
    /// <summary>Null when <paramref name="choice"/> is a valid vote on <paramref name="ballot"/>, else what is wrong.</summary>
    public static string? Check(BallotDefinition ballot, IReadOnlyList<string> choice, string? objection = null)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        ArgumentNullException.ThrowIfNull(choice);
        foreach (var id in choice)
            if (ballot.Option(id) is null) return $"'{id}' is not an option of this ballot (options: {string.Join(", ", ballot.Options.Select(o => o.Id))})";
        if (choice.Distinct(StringComparer.Ordinal).Count() != choice.Count) return "an option is chosen twice";
        var method = ballot.TallyMethod;
        switch (method)
        {
            case TallyMethod.YesNo or TallyMethod.Consent or TallyMethod.Plurality when choice.Count != 1:
                return "choose exactly one option";
            case TallyMethod.Irv or TallyMethod.StvMeek or TallyMethod.StvScottish or TallyMethod.Schulze when choice.Count == 0:
                return "rank at least one option";
            case TallyMethod.EqualShares when choice.Sum(id => ballot.Option(id)!.Cost ?? 0) > ballot.Budget:
                return $"the chosen projects cost more than the budget of {ballot.Budget}";
        }
        if (objection is not null && !(method == TallyMethod.Consent && choice is ["object"])) return "only an objection on a consent ballot carries a reason";
        return null;
    }
}
