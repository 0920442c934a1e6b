namespace Kiosk.Voting.Tally;

/// <summary>A name with an exact decimal number: one entry of a round's tally or of a transfer.</summary>
/// <param name="Name">A candidate, option or project name (or "exhausted" in transfers).</param>
/// <param name="Value">The exact number.</param>
public readonly record struct NamedValue(string Name, decimal Value);
