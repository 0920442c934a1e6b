using Kiosk.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Internal;

/// <summary>
/// Loads the in-memory state from the store as the ledger does at open: feed heads from the feeds projection, forks
/// from the equivocations, the authority table from the events the <c>authority</c> column marks. These stored
/// columns are what the gateway counts from; <see cref="LedgerVerifier"/> compares them with a recomputation.
/// </summary>
internal static class StateLoader
{
    public static LedgerState Load(SqliteLedgerStore store)
    {
        using var connection = store.OpenConnection();
        return Load(connection, store.Path);
    }

    /// <summary>Loads from an open connection; <see cref="InvalidDataException"/> when a stored row is malformed.</summary>
    public static LedgerState Load(SqliteConnection connection, string path)
    {
        var state = new LedgerState
        {
            Heads = FeedTable.ReadHeads(connection),
            Forks = EquivocationTable.ReadForks(connection),
            PendingCounts = PendingTable.ReadCounts(connection),
        };
        if (AssemblyId.TryParse(MetaTable.Read(connection, MetaTable.Assembly), out var assembly)) state.Assembly = assembly;
        foreach (var raw in EventTable.ReadAuthorityRaw(connection))
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
