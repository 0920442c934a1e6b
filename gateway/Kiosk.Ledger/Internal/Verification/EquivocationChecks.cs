namespace Kiosk.Ledger.Internal.Verification;

/// <summary>
/// Checks the <c>equivocations</c> table: every row must be a signed event of this assembly whose bytes match its
/// columns, and every (author, seq) it names must hold at least two different such events — the proof that forks
/// the feed. A row that proves nothing would silently stop a feed's later events from counting.
/// </summary>
internal static class EquivocationChecks
{
    private const string Table = "equivocations";

    /// <summary>The fork points the valid proofs establish: author → lowest forked seq.</summary>
    public static Dictionary<Bytes32, long> Run(IReadOnlyList<object?[]> stored, EventValidator validator, AssemblyId? assembly, List<VerifyProblem> problems)
    {
        var checkedRows = new (LedgerEvent? Event, VerifyProblem? Problem)[stored.Count];
        Parallel.For(0, stored.Count, i => checkedRows[i] = Check(stored[i], validator, assembly));
        var proofs = new Dictionary<(Bytes32 Author, long Seq), HashSet<Bytes32>>();
        for (var i = 0; i < stored.Count; i++)
        {
            if (checkedRows[i].Problem is { } problem) problems.Add(problem);
            else if (checkedRows[i].Event is { } e)
            {
                if (!proofs.TryGetValue((e.Author, e.Seq), out var ids)) proofs[(e.Author, e.Seq)] = ids = [];
                ids.Add(e.Id);
            }
        }
        var forks = new Dictionary<Bytes32, long>();
        foreach (var ((author, seq), ids) in proofs.OrderBy(p => p.Key.Author).ThenBy(p => p.Key.Seq))
        {
            if (ids.Count < 2)
            {
                problems.Add(new VerifyProblem(VerifyCodes.BadEquivocation, $"only one event is recorded for #{seq}: not a proof that the feed forked, yet the gateway stops counting the feed there", author, seq, ids.First(), Table: Table));
                continue;
            }
            forks[author] = Math.Min(seq, forks.GetValueOrDefault(author, long.MaxValue));
        }
        return forks;
    }

    private static (LedgerEvent?, VerifyProblem?) Check(object?[] row, EventValidator validator, AssemblyId? assembly)
    {
        var name = RowValue.RowName(row[0], row[1]);
        if (RowValue.Join(RowValue.NotKey("author", row[0]), RowValue.NotNumber("seq", row[1]), RowValue.NotKey("id", row[2]), RowValue.NotBlob("raw", row[3])) is { } malformed)
            return (null, new VerifyProblem(VerifyCodes.MalformedRow, $"equivocations row {name}: {malformed}", Table: Table));
        var author = Bytes32.Read((byte[])row[0]!);
        var seq = (long)row[1]!;
        var id = Bytes32.Read((byte[])row[2]!);
        VerifyProblem Bad(string message, string? kind = null) => new(VerifyCodes.BadEquivocation, message, author, seq, id, kind, Table);
        if (!EventEncoding.TryDecode((byte[])row[3]!, out var e, out var framing)) return (null, Bad($"stored bytes do not decode: {framing!.Message}"));
        if (e.Id != id) return (null, Bad($"stored id {id.ShortHex} is not the hash of the stored bytes ({e.Id.ShortHex})", e.Kind));
        if (e.Author != author || e.Seq != seq) return (null, Bad($"the row's author/seq columns do not match the event's bytes ({e})", e.Kind));
        if (validator.CheckDecoded(e, assembly, verifySignature: true) is { } rejection) return (null, Bad($"{rejection.Code}: {rejection.Message}", e.Kind));
        return (e, null);
    }
}
