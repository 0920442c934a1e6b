namespace Kiosk.Ledger;

/// <summary>
/// The start-up check a gateway runs before it serves anything from a ledger (docs/ledger-format.md, "Verification"):
/// everything <see cref="LedgerVerifier"/> checks — every row, ids, chains, every derived table and column against
/// its recomputation, the state hash, the head records — except that the events a valid head record authenticates
/// through the hash chain are not signature-checked one by one. On a gateway that is nearly all of them (its own
/// votes), which makes the check cheap enough to run at every start.
/// </summary>
public static class LedgerIntegrity
{
    /// <summary>Checks the ledger at <paramref name="path"/>; a missing file has nothing to check and passes.</summary>
    public static VerifyReport Check(string path, KindRegistry kinds)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) return new VerifyReport(Path.GetFullPath(path), null, 0, 0, 0, 0, [], null);
        return LedgerVerifier.Verify(path, kinds, allSignatures: false);
    }
}
