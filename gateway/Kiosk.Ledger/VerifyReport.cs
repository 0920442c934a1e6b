namespace Kiosk.Ledger;

/// <summary>What a full verification of a ledger file found.</summary>
public sealed record VerifyReport(
    string Path,
    AssemblyId? Assembly,
    long Events,
    int Feeds,
    long Pending,
    int Equivocations,
    IReadOnlyList<VerifyProblem> Problems,
    Bytes32? StateHash)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool IsValid => Problems.Count == 0;
}
