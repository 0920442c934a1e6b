namespace Kiosk.Ledger.Internal;

/// <summary>
/// Loads the in-memory state from the store as the ledger does at open: feed heads from the feeds projection, forks
/// from the equivocations, the authority table from the events the <c>authority</c> column marks. These stored
/// columns are what the gateway counts from; <see cref="LedgerVerifier"/> compares them with a recomputation.
/// </summary>
internal static class StateLoader
{
    public static LedgerState Load(ILedgerStore store)
    {
        using var session = store.OpenSession();
        return Load(session, store.Name);
    }

    /// <summary>Loads from an open session; <see cref="InvalidDataException"/> when a stored row is malformed.</summary>
    public static LedgerState Load(ILedgerStoreSession session, string path)
    {
        var state = new LedgerState
        {
            Heads = session.ReadHeads(),
            Forks = session.ReadForks(),
            PendingCounts = session.ReadPendingCounts(),
        };
        if (AssemblyId.TryParse(session.ReadAssembly(), out var assembly)) state.Assembly = assembly;
        foreach (var raw in session.ReadAuthorityEvents())
        {
            if (!EventEncoding.TryDecode(raw, out var e, out var problem))
                throw new InvalidDataException($"{path}: a stored authority event does not decode ({problem}); run kiosk verify");
            if (e.Kind == EventKinds.AssemblyFounded)
            {
                state.Genesis = e;
                state.Admitted.Add(e.Author);
            }
            else
            {
                state.AuthorityEvents.Add(e);
            }
            if (AuthorityRule.NamedMember(e) is { } named) state.Admitted.Add(named);
        }
        state.RecomputeAuthority();
        return state;
    }
}
