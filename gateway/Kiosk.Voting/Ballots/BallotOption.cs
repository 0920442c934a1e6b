namespace Kiosk.Voting.Ballots;

/// <summary>One option of a ballot: a stable id, its label in each language, and a cost for budget ballots.</summary>
public sealed record BallotOption(string Id, Dictionary<string, string> Label, decimal? Cost = null, Dictionary<string, string>? Description = null);
