namespace Kiosk.Voting.Tally;

/// <summary>An unranked ballot: the options chosen (one for plurality, yes/no/abstain and consent; any number for approval).</summary>
/// <param name="Choices">Indices of the chosen options.</param>
/// <param name="Weight">How many voters this ballot stands for; not negative.</param>
/// <param name="Id">An optional ballot identifier from the input file.</param>
/// <param name="Reason">For consent, the reason given with an objection.</param>
public readonly record struct ChoiceBallot(int[] Choices, decimal Weight, string? Id = null, string? Reason = null);
