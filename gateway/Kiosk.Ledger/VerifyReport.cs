namespace Kiosk.Ledger;

/// <summary>What a verification of a ledger file found.</summary>
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

    /// <summary>
    /// The state hash of what the stored tables say (feeds, equivocations, the events' authority column): what
    /// <c>Ledger.StateHash</c> and <c>kiosk status</c> report, and what the gateway counts from. Null when the stored
    /// tables cannot be loaded. <see cref="StateHash"/> is the one recomputed from the events alone.
    /// </summary>
    public Bytes32? StoredStateHash { get; init; }

    /// <summary>How many head records were found beside the database and checked.</summary>
    public int HeadRecords { get; init; }

    /// <summary>
    /// Events whose signature was checked. The start-up check (<see cref="LedgerIntegrity"/>) skips the events a valid
    /// head record authenticates through the hash chain; <see cref="LedgerVerifier"/> checks every one.
    /// </summary>
    public long SignaturesChecked { get; init; }

    /// <summary>One line naming up to <paramref name="most"/> problems and how many more there are.</summary>
    public string Summary(int most = 3)
    {
        if (IsValid) return $"{Path}: no problems";
        var shown = string.Join("; ", Problems.Take(most));
        var more = Problems.Count > most ? $"; and {Problems.Count - most} more" : "";
        return $"{Path}: {Problems.Count} problem(s): {shown}{more}";
    }
}
