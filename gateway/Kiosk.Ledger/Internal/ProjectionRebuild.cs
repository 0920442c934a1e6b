namespace Kiosk.Ledger.Internal;

/// <summary>
/// Recomputes every projection from the events: the events' <c>authority</c> column from their kinds, the feeds
/// table from the events' heads, the members and devices tables from the authority rule. Runs on the writer,
/// between commits, so no transaction interleaves with it.
/// </summary>
internal static class ProjectionRebuild
{
    /// <summary>Rewrites the projections and returns the state loaded from them.</summary>
    public static LedgerState Run(ILedgerStoreSession session, ILedgerStore store, KindRegistry kinds)
    {
        session.RebuildDerived(kinds.Names.Where(k => kinds.TryGet(k, out var rule) && rule.IsAuthority).ToList());
        var state = StateLoader.Load(store);
        using (var transaction = session.BeginWrite())
        {
            transaction.WriteAuthority(state.Authority);
            transaction.Commit();
        }
        return state;
    }
}
