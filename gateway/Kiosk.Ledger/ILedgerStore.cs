namespace Kiosk.Ledger;

/// <summary>
/// Where a <see cref="Ledger"/> keeps its events, pending events, equivocations and projections. The ledger's logic
/// (checks, authority, pending promotion, forks, state hash) is the same whatever the store: a gateway keeps one
/// assembly in a SQLite file (<see cref="Ledger.Open(string, LedgerOptions?)"/>), a hub keeps many assemblies in one
/// PostgreSQL database (Kiosk.Hub), and replicas that hold the same events compute the same state either way.
/// A store is used by one ledger at a time.
/// </summary>
public interface ILedgerStore : IDisposable
{
    /// <summary>What the store is, for messages: a file path, or a database and assembly.</summary>
    string Name { get; }

    /// <summary>The folder of the head records of the feeds this ledger writes (docs/ledger-format.md, "Head records").</summary>
    string HeadRecordFolder { get; }

    /// <summary>A new session (a connection, or a store that takes one per operation). The ledger's writer keeps one open; each read opens and disposes one.</summary>
    ILedgerStoreSession OpenSession();
}
