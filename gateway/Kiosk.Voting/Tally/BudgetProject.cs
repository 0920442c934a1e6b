namespace Kiosk.Voting.Tally;

/// <summary>A participatory-budgeting project: its name and what it costs.</summary>
/// <param name="Name">The project's name (or id, when the file gives no name).</param>
/// <param name="Cost">What funding it costs; not negative.</param>
public sealed record BudgetProject(string Name, decimal Cost);
