using Kiosk.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger;

/// <summary>
/// Re-checks a ledger file from its rows, trusting nothing the store says about itself: every event's bytes,
/// id, signature, body, seq continuity and prev link, the genesis, that every feed's author was admitted,
/// and that the projections (feeds, members, devices) match what the events define.
/// </summary>
public static class LedgerVerifier
{
    /// <summary>Verifies the ledger at <paramref name="path"/>; never changes it.</summary>
    public static VerifyReport Verify(string path, KindRegistry kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (!File.Exists(path)) throw new FileNotFoundException($"no ledger at {path}", path);
        var validator = new EventValidator(kinds);
        var problems = new List<VerifyProblem>();
        using var store = new SqliteLedgerStore(path);
        using var connection = store.OpenConnection();
        AssemblyId? assembly = AssemblyId.TryParse(SqliteLedgerStore.ReadMeta(connection, "assembly"), out var bound) ? bound : null;
        var rows = ReadRows(connection);

        // Signatures are the costly part: check rows in parallel, then walk the chains in order.
        var decoded = new LedgerEvent?[rows.Count];
        var rowProblems = new VerifyProblem?[rows.Count];
        Parallel.For(0, rows.Count, i => rowProblems[i] = CheckRow(rows[i], validator, assembly, out decoded[i]));
        problems.AddRange(rowProblems.OfType<VerifyProblem>());

        var heads = new Dictionary<Bytes32, FeedHead>();
        LedgerEvent? genesis = null;
        var authority = new List<LedgerEvent>();
        var admitted = new HashSet<Bytes32>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var head = heads.GetValueOrDefault(row.Author, FeedHead.Empty);
            if (row.Seq != head.Seq + 1)
                problems.Add(new VerifyProblem("SeqGap", $"feed jumps from #{head.Seq} to #{row.Seq}", row.Author, row.Seq, row.Id, row.Kind));
            else if (decoded[i] is { } e && e.Prev != head.Id)
                problems.Add(new VerifyProblem("WrongPrev", $"prev is {e.Prev.ShortHex} but #{head.Seq} has id {head.Id.ShortHex}", row.Author, row.Seq, row.Id, row.Kind));
            heads[row.Author] = new FeedHead(row.Seq, decoded[i]?.Id ?? row.Id);
            if (decoded[i] is not { } ev || !kinds.TryGet(ev.Kind, out var rule) || !rule.IsAuthority) continue;
            if (ev.Kind == EventKinds.AssemblyFounded)
            {
                if (genesis is not null) problems.Add(new VerifyProblem("BadGenesis", "a second genesis event", ev.Author, ev.Seq, ev.Id, ev.Kind));
                genesis ??= ev;
            }
            else
            {
                authority.Add(ev);
            }
            if (AuthorityRule.NamedMember(ev) is { } named) admitted.Add(named);
        }
        if (rows.Count > 0 && genesis is null) problems.Add(new VerifyProblem("BadGenesis", "the ledger has events but no genesis (AssemblyFounded)"));
        if (genesis is not null) admitted.Add(genesis.Author);
        foreach (var author in heads.Keys.Where(a => !admitted.Contains(a)))
            problems.Add(new VerifyProblem("NotAdmitted", "this feed's author is neither the founder nor named by any enrolment", author, 1));

        var forks = SqliteLedgerStore.ReadForks(connection);
        var table = AuthorityRule.Compute(genesis, authority, forks);
        CheckProjections(connection, heads, table, problems);

        long pending = SqliteLedgerStore.ReadPendingCounts(connection).Values.Sum();
        Bytes32? stateHash = null;
        if (problems.Count == 0)
        {
            var state = new LedgerState { Assembly = assembly, Genesis = genesis, Heads = heads, Forks = forks, AuthorityEvents = authority };
            state.RecomputeAuthority();
            var ids = rows.ToDictionary(r => (r.Author, r.Seq), r => r.Id);
            stateHash = StateHasher.Hash(state, (a, s) => ids[(a, s)]);
        }
        return new VerifyReport(store.Path, assembly, rows.Count, heads.Count, pending, forks.Count, problems, stateHash);
    }

    private static VerifyProblem? CheckRow(StoredRow row, EventValidator validator, AssemblyId? assembly, out LedgerEvent? decoded)
    {
        decoded = null;
        if (!EventEncoding.TryDecode(row.Raw, out var e, out var framing))
            return new VerifyProblem("Malformed", $"stored bytes do not decode: {framing!.Message}", row.Author, row.Seq, row.Id, row.Kind);
        decoded = e;
        if (e.Id != row.Id)
            return new VerifyProblem("IdMismatch", $"stored id {row.Id.ShortHex} is not the hash of the stored bytes ({e.Id.ShortHex}): the event was altered", row.Author, row.Seq, row.Id, row.Kind);
        if (e.Author != row.Author || e.Seq != row.Seq || e.Kind != row.Kind)
            return new VerifyProblem("RowMismatch", $"the row's author/seq/kind columns do not match the event's bytes ({e})", row.Author, row.Seq, row.Id, row.Kind);
        if (validator.CheckDecoded(e, assembly, verifySignature: true) is { } rejection)
            return new VerifyProblem(rejection.Code, rejection.Message, row.Author, row.Seq, row.Id, row.Kind);
        return null;
    }

    private static void CheckProjections(SqliteConnection connection, Dictionary<Bytes32, FeedHead> heads, AuthorityTable table, List<VerifyProblem> problems)
    {
        var stored = SqliteLedgerStore.ReadHeads(connection);
        foreach (var (author, head) in heads)
        {
            if (!stored.TryGetValue(author, out var cached) || cached != head)
                problems.Add(new VerifyProblem("StaleProjection", $"feeds projection says #{(stored.TryGetValue(author, out var c) ? c.Seq : 0)}, the events end at #{head.Seq}; run kiosk verify --rebuild", author, head.Seq));
        }
        foreach (var author in stored.Keys.Where(a => !heads.ContainsKey(a)))
            problems.Add(new VerifyProblem("StaleProjection", "feeds projection names a feed with no events; run kiosk verify --rebuild", author, 0));

        var members = SqliteLedgerStore.ReadRaw(connection, "SELECT key FROM members").Select(b => Bytes32.Read(b)).ToHashSet();
        if (!members.SetEquals(table.Members.Keys))
            problems.Add(new VerifyProblem("StaleProjection", $"members projection lists {members.Count} keys, the events define {table.Members.Count}; run kiosk verify --rebuild"));
    }

    private static List<StoredRow> ReadRows(SqliteConnection connection)
    {
        var rows = new List<StoredRow>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT author, seq, id, kind, raw FROM events ORDER BY author, seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add(new StoredRow(Bytes32.Read((byte[])reader[0]), reader.GetInt64(1), Bytes32.Read((byte[])reader[2]), reader.GetString(3), (byte[])reader[4]));
        return rows;
    }

    private sealed record StoredRow(Bytes32 Author, long Seq, Bytes32 Id, string Kind, byte[] Raw);
}
