namespace Kiosk.Voting.Tally;

/// <summary>The input of participatory budgeting: projects with costs, approval ballots over them, and the budget.</summary>
/// <param name="Projects">The projects; ballots refer to them by index.</param>
/// <param name="Ballots">Approval ballots, with weights.</param>
/// <param name="Budget">The money to spend.</param>
/// <param name="Title">A description, if the file gives one.</param>
public sealed record BudgetInstance(IReadOnlyList<BudgetProject> Projects, IReadOnlyList<ChoiceBallot> Ballots, decimal Budget, string? Title = null)
{
    /// <summary>Checks costs, budget, weights and indices.</summary>
    public TallyError? Validate()
    {
        if (Budget < 0) return new TallyError($"the budget cannot be negative ({Budget})");
        foreach (var p in Projects)
        {
            if (p.Cost < 0) return new TallyError($"project '{p.Name}' has a negative cost ({p.Cost})");
        }
        return new ChoiceElection(Projects.Select(p => p.Name).ToArray(), Ballots).Validate();
    }
}
