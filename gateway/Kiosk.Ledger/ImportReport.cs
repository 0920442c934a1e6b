namespace Kiosk.Ledger;

/// <summary>What an import did with each event of a file: every line is counted once, under exactly one heading.</summary>
/// <param name="Accepted">Events now in the ledger that were not before.</param>
/// <param name="Duplicates">Lines whose event the ledger already held, or that repeat an earlier line of the file.</param>
/// <param name="Pending">Events held aside because their author is not enrolled in what the ledger holds.</param>
/// <param name="Refused">Lines refused, by their index among the file's events (0 for the first event line), with why.</param>
public sealed record ImportReport(int Accepted, int Duplicates, int Pending, IReadOnlyList<(int Index, Rejection Rejection)> Refused);
