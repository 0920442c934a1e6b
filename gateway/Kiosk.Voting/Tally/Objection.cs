namespace Kiosk.Voting.Tally;

/// <summary>An objection raised on a consent ballot, with its reason.</summary>
/// <param name="Reason">The reason given (empty if none was given).</param>
/// <param name="Weight">Votes behind it.</param>
/// <param name="Id">The ballot's id, when the file gives one.</param>
public sealed record Objection(string Reason, decimal Weight, string? Id = null);
