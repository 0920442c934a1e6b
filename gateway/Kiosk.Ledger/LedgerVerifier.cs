using Kiosk.Ledger.Internal;
using Kiosk.Ledger.Internal.Verification;
using Kiosk.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger;

/// <summary>
/// Re-checks a ledger file trusting nothing the store says about itself (docs/ledger-format.md, "Verification"):
/// every row of every table is read as SQLite holds it and a malformed one is reported, never a crash; every event's
/// bytes, id, signature, body, seq continuity and prev link, the genesis, that every feed's author was admitted; the
/// pending and equivocation rows; every derived table and column (the events' <c>authority</c> column, <c>feeds</c>,
/// <c>members</c>, <c>devices</c>) recomputed from the events and compared; the head records beside the database; and
/// the state hash the events give against the one the stored tables give (what <c>kiosk status</c> shows).
/// </summary>
public static class LedgerVerifier
{
    /// <summary>Verifies the ledger at <paramref name="path"/>, every signature included; never changes it.</summary>
    public static VerifyReport Verify(string path, KindRegistry kinds) => Verify(path, kinds, allSignatures: true);

    /// <summary>
    /// Verifies the ledger at <paramref name="path"/>; never changes it. With <paramref name="allSignatures"/> false the
    /// events a valid head record authenticates through the hash chain are not signature-checked one by one
    /// (the start-up check, <see cref="LedgerIntegrity"/>).
    /// </summary>
    public static VerifyReport Verify(string path, KindRegistry kinds, bool allSignatures)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (!File.Exists(path)) throw new FileNotFoundException($"no ledger at {path}", path);
        var fullPath = Path.GetFullPath(path);
        var problems = new List<VerifyProblem>();
        // Records first, the database after: a record is written after its commit, so it never names more than the snapshot holds.
        var records = HeadRecordChecks.Read(fullPath, problems, out var recordFiles);
        try
        {
            using var connection = SqliteLedgerStore.OpenReadOnly(fullPath);
            StoredTables.BeginSnapshot(connection);
            try
            {
                return Check(fullPath, connection, kinds, allSignatures, records, problems) with { HeadRecords = recordFiles };
            }
            finally
            {
                StoredTables.EndSnapshot(connection);
            }
        }
        catch (SqliteException error)
        {
            problems.Add(new VerifyProblem(VerifyCodes.Unreadable, $"the file is not a ledger SQLite can read: {error.Message}"));
            return new VerifyReport(fullPath, null, 0, 0, 0, 0, problems, null) { HeadRecords = recordFiles };
        }
    }

    private static VerifyReport Check(string path, SqliteConnection connection, KindRegistry kinds, bool allSignatures, Dictionary<Bytes32, HeadRecord> records, List<VerifyProblem> problems)
    {
        var validator = new EventValidator(kinds);
        var tables = StoredTables.Read(connection);
        foreach (var (table, reason) in tables.Unreadable)
            problems.Add(new VerifyProblem(VerifyCodes.Unreadable, $"table {table} cannot be read: {reason}", Table: table));

        var events = new EventChecks(kinds, validator).Run(tables["events"], records, allSignatures, problems);
        var forks = EquivocationChecks.Run(tables["equivocations"], validator, events.Assembly, problems);
        var signatures = events.SignaturesChecked + tables["equivocations"].Count + PendingChecks.Run(tables["pending"], validator, problems);
        MetaChecks.Run(tables["meta"], events.Assembly, problems);
        var stored = StoredState(connection, path, problems);
        HeadRecordChecks.Compare(records, events, stored?.State.Assembly, problems);

        var authority = AuthorityRule.Compute(events.Genesis, events.AuthorityEvents, forks);
        ProjectionChecks.Feeds(tables["feeds"], events.Heads, problems);
        ProjectionChecks.Members(tables["members"], authority, problems);
        ProjectionChecks.Devices(tables["devices"], authority, problems);

        Bytes32? stateHash = null;
        if (events.AllSound)
        {
            var state = new LedgerState { Assembly = events.Assembly, Genesis = events.Genesis, Heads = events.Heads, Forks = forks, AuthorityEvents = events.AuthorityEvents };
            state.RecomputeAuthority();
            stateHash = StateHasher.Hash(state, (author, seq) => events.Ids[(author, seq)]);
            if (stored?.Hash is { } storedHash && storedHash != stateHash)
                problems.Add(new VerifyProblem(VerifyCodes.StateHashMismatch,
                    $"the stored tables give state hash {storedHash.ToHex()} (what kiosk status shows and the gateway counts from), the events give {stateHash.Value.ToHex()}"));
        }
        return new VerifyReport(path, events.Assembly ?? stored?.State.Assembly, tables["events"].Count, events.Heads.Count, tables["pending"].Count, forks.Count, problems, stateHash)
        {
            StoredStateHash = stored?.Hash,
            SignaturesChecked = signatures,
        };
    }

    /// <summary>The state as the gateway loads it from the stored tables, and its hash; null (with the reason reported) when it cannot be loaded.</summary>
    private static (LedgerState State, Bytes32? Hash)? StoredState(SqliteConnection connection, string path, List<VerifyProblem> problems)
    {
        try
        {
            using var session = new SqliteStoreSession(connection, ownsConnection: false);
            var state = StateLoader.Load(session, path);
            Bytes32? hash;
            try
            {
                hash = StateHasher.Hash(state, (author, seq) => EventTable.IdAt(connection, author, seq) ?? throw new InvalidDataException($"the feeds table names {author.ShortHex}#{seq}, which the events table does not hold"));
            }
            catch (InvalidDataException error)
            {
                problems.Add(new VerifyProblem(VerifyCodes.StoredStateUnreadable, $"the gateway cannot compute its state hash: {error.Message}"));
                hash = null;
            }
            return (state, hash);
        }
        catch (Exception error) when (error is InvalidDataException or InvalidOperationException or SqliteException or ArgumentException)
        {
            problems.Add(new VerifyProblem(VerifyCodes.StoredStateUnreadable, $"the gateway cannot load its state from the stored tables: {error.Message}"));
            return null;
        }
    }
}
