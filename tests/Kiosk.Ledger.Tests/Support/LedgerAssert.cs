namespace Kiosk.Ledger.Tests.Support;

/// <summary>Snapshots of a ledger that tests compare before and after an operation.</summary>
public static class LedgerAssert
{
    /// <summary>Every stored event id plus the state hash and pending count: what "the store is unchanged" means.</summary>
    public static string Snapshot(Ledger ledger) =>
        string.Join(",", ledger.ReadAll().Select(e => e.Id.ToHex()).Order(StringComparer.Ordinal)) + "|" + ledger.StateHash().ToHex() + "|" + ledger.PendingCount;

    public static HashSet<string> EventIds(Ledger ledger) => ledger.ReadAll().Select(e => e.Id.ToHex()).ToHashSet();
}
