namespace Kiosk.Voting.Tally;

/// <summary>The pairwise preferences and strongest paths behind a Schulze result, indexed [from, to] in candidate order.</summary>
/// <param name="Pairwise">d[x, y]: votes ranking x above y.</param>
/// <param name="StrongestPaths">p[x, y]: strength (winning votes) of the strongest path from x to y; 0 when there is none.</param>
public sealed record SchulzeMatrices(decimal[,] Pairwise, decimal[,] StrongestPaths);
