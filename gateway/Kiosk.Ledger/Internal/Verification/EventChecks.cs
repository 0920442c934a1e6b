namespace Kiosk.Ledger.Internal.Verification;

/// <summary>
/// Checks the <c>events</c> table row by row and feed by feed: column types, bytes against the stored id and
/// columns, the checks on receipt (kind, body, genesis, assembly, signature), seq continuity and prev links, that
/// every author was admitted, and that each row's <c>authority</c> column is what its kind makes it.
/// </summary>
internal sealed class EventChecks(KindRegistry kinds, EventValidator validator)
{
    private const string Table = "events";

    /// <summary>
    /// Runs the checks. When <paramref name="allSignatures"/> is false, the events of a feed up to a valid head record
    /// in <paramref name="records"/> are not signature-checked one by one: the record's signature covers them through
    /// the hash chain (its id is the hash of the last one's bytes, which name the one before, and so on).
    /// </summary>
    public EventFindings Run(IReadOnlyList<object?[]> stored, IReadOnlyDictionary<Bytes32, HeadRecord> records, bool allSignatures, List<VerifyProblem> problems)
    {
        var findings = new EventFindings();
        foreach (var values in stored)
        {
            if (EventRow.From(values, out var malformed) is { } typed) findings.Rows.Add(typed);
            else problems.Add(new VerifyProblem(VerifyCodes.MalformedRow, $"events row {RowValue.RowName(values[0], values[1])}: {malformed}", Table: Table));
        }
        if (findings.Rows.Count != stored.Count) findings.AllSound = false;

        var rows = findings.Rows;
        var decoded = new LedgerEvent?[rows.Count];
        var rowProblems = new VerifyProblem?[rows.Count];
        Parallel.For(0, rows.Count, i => rowProblems[i] = CheckBytes(rows[i], out decoded[i]));

        var chainProblems = WalkChains(findings, decoded, rowProblems);
        var covered = allSignatures ? null : Covered(findings, records, rowProblems, chainProblems);
        var signed = 0L;
        Parallel.For(0, rows.Count, i =>
        {
            if (rowProblems[i] is not null || decoded[i] is not { } e) return;
            if (findings.Assembly is { } assembly && e.Assembly != assembly)
                rowProblems[i] = Problem(rows[i], RejectReason.WrongAssembly.ToString(), $"the event belongs to assembly {e.Assembly}, the genesis founds {assembly}");
            else if (covered is null || !covered[i])
            {
                Interlocked.Increment(ref signed);
                if (!SignatureVerifier.Verify(e.Author, e.SignedBytes, e.Signature))
                    rowProblems[i] = Problem(rows[i], RejectReason.BadSignature.ToString(), "the signature does not verify under its author's key");
            }
        });
        findings.SignaturesChecked = signed;

        CollectAuthority(findings, decoded, rowProblems, chainProblems);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rowProblems[i] is { } own) problems.Add(own);
            if (chainProblems[i] is { } chain) problems.Add(chain);
            if (AuthorityColumnProblem(rows[i]) is { } column) problems.Add(column);
            if (rowProblems[i] is not null || chainProblems[i] is not null) findings.AllSound = false;
        }
        return findings;
    }

    /// <summary>The stored bytes against the row's columns and the checks on receipt, the signature aside.</summary>
    private VerifyProblem? CheckBytes(EventRow row, out LedgerEvent? decoded)
    {
        decoded = null;
        if (!EventEncoding.TryDecode(row.Raw, out var e, out var framing))
            return Problem(row, RejectReason.Malformed.ToString(), $"stored bytes do not decode: {framing!.Message}");
        if (e.Id != row.Id)
            return Problem(row, VerifyCodes.IdMismatch, $"stored id {row.Id.ShortHex} is not the hash of the stored bytes ({e.Id.ShortHex}): the event was altered");
        if (e.Author != row.Author || e.Seq != row.Seq || e.Kind != row.Kind)
            return Problem(row, VerifyCodes.RowMismatch, $"the row's author/seq/kind columns do not match the event's bytes ({e})");
        decoded = e;
        return validator.CheckDecoded(e, expectedAssembly: null, verifySignature: false) is { } rejection ? Problem(row, rejection.Code, rejection.Message) : null;
    }

    /// <summary>Seq continuity and prev links, against the stored id column; fills the heads and ids.</summary>
    private static VerifyProblem?[] WalkChains(EventFindings findings, LedgerEvent?[] decoded, VerifyProblem?[] rowProblems)
    {
        var rows = findings.Rows;
        var problems = new VerifyProblem?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var head = findings.Heads.GetValueOrDefault(row.Author, FeedHead.Empty);
            if (row.Seq != head.Seq + 1)
                problems[i] = Problem(row, VerifyCodes.SeqGap, $"feed jumps from #{head.Seq} to #{row.Seq}");
            else if (decoded[i] is { } e && e.Prev != head.Id)
                problems[i] = Problem(row, RejectReason.WrongPrev.ToString(), $"prev is {e.Prev.ShortHex} but #{head.Seq} has id {head.Id.ShortHex}");
            findings.Heads[row.Author] = new FeedHead(row.Seq, row.Id);
            findings.Ids[(row.Author, row.Seq)] = row.Id;
            if (findings.Genesis is null && rowProblems[i] is null && decoded[i] is { Kind: EventKinds.AssemblyFounded } genesis) findings.Genesis = genesis;
        }
        return problems;
    }

    /// <summary>Rows a valid head record of this assembly authenticates: its feed, sound and chained, up to the record's event.</summary>
    private static bool[] Covered(EventFindings findings, IReadOnlyDictionary<Bytes32, HeadRecord> records, VerifyProblem?[] rowProblems, VerifyProblem?[] chainProblems)
    {
        var rows = findings.Rows;
        var covered = new bool[rows.Count];
        var start = 0;
        while (start < rows.Count)
        {
            var end = start;
            while (end < rows.Count && rows[end].Author == rows[start].Author) end++;
            if (records.TryGetValue(rows[start].Author, out var record) && record.Assembly == findings.Assembly &&
                findings.Ids.TryGetValue((record.Author, record.Seq), out var id) && id == record.Id)
            {
                // Covered from seq 1 while the chain holds: a broken link cuts what the record vouches for.
                for (var i = start; i < end && rows[i].Seq <= record.Seq && rowProblems[i] is null && chainProblems[i] is null; i++) covered[i] = true;
                var last = start + (int)record.Seq - 1;
                if (last >= end || !covered[last]) Array.Clear(covered, start, end - start);
            }
            start = end;
        }
        return covered;
    }

    /// <summary>The genesis, the other authority events, and that each feed's author was admitted — from sound rows only.</summary>
    private void CollectAuthority(EventFindings findings, LedgerEvent?[] decoded, VerifyProblem?[] rowProblems, VerifyProblem?[] chainProblems)
    {
        var rows = findings.Rows;
        var admitted = new HashSet<Bytes32>();
        findings.Genesis = null;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rowProblems[i] is not null || decoded[i] is not { } e || !kinds.TryGet(e.Kind, out var rule) || !rule.IsAuthority) continue;
            if (e.Kind == EventKinds.AssemblyFounded)
            {
                if (findings.Genesis is not null)
                {
                    chainProblems[i] ??= Problem(rows[i], RejectReason.BadGenesis.ToString(), "a second genesis event");
                    continue;
                }
                findings.Genesis = e;
            }
            else
            {
                findings.AuthorityEvents.Add(e);
            }
            if (AuthorityRule.NamedMember(e) is { } named) admitted.Add(named);
        }
        if (rows.Count > 0 && findings.Genesis is null)
        {
            findings.AllSound = false;
            chainProblems[0] ??= new VerifyProblem(RejectReason.BadGenesis.ToString(), "the ledger has events but no sound genesis (AssemblyFounded)", Table: Table);
        }
        if (findings.Genesis is not null) admitted.Add(findings.Genesis.Author);
        var reported = new HashSet<Bytes32>();
        for (var i = 0; i < rows.Count; i++)
            if (!admitted.Contains(rows[i].Author) && reported.Add(rows[i].Author))
                chainProblems[i] ??= Problem(rows[i], VerifyCodes.NotAdmitted, "this feed's author is neither the founder nor named by any enrolment");
    }

    /// <summary>The <c>authority</c> column decides which events the gateway reads as authority: it must follow the kind.</summary>
    private VerifyProblem? AuthorityColumnProblem(EventRow row)
    {
        var expected = kinds.TryGet(row.Kind, out var rule) && rule.IsAuthority ? 1 : 0;
        if (row.Authority == expected) return null;
        return Problem(row, VerifyCodes.StaleProjection, expected == 1
            ? $"events.authority is {row.Authority}, but {row.Kind} is an authority event: the gateway leaves it out of who may write what; run kiosk verify --rebuild"
            : $"events.authority is {row.Authority}, but {row.Kind} is not an authority event: the gateway reads it as one; run kiosk verify --rebuild");
    }

    private static VerifyProblem Problem(EventRow row, string code, string message) => new(code, message, row.Author, row.Seq, row.Id, row.Kind, Table);
}
