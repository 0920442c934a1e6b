namespace Kiosk.Voting.Tally;

/// <summary>What participatory budgeting spent, and the greedy-by-votes result it is compared with.</summary>
/// <param name="Budget">The budget.</param>
/// <param name="Spent">Cost of the funded projects; never more than the budget.</param>
/// <param name="Completion">The completion rule used.</param>
/// <param name="ShareUsed">Each voter's share in the Equal Shares run whose result was kept (raised by the add-one completion).</param>
/// <param name="GreedyWinners">Projects greedy-by-votes would fund, in order.</param>
/// <param name="GreedySpent">Their cost.</param>
public sealed record BudgetSummary(decimal Budget, decimal Spent, string Completion, decimal ShareUsed, IReadOnlyList<string> GreedyWinners, decimal GreedySpent);
