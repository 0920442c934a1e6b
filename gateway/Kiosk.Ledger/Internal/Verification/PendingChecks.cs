namespace Kiosk.Ledger.Internal.Verification;

/// <summary>
/// Checks the <c>pending</c> table: each row must be an event that passes the checks on receipt (its signature
/// included), because when its author is enrolled it moves into the ledger without being checked again.
/// </summary>
internal static class PendingChecks
{
    private const string Table = "pending";

    /// <summary>Checks every row; returns how many signatures were checked.</summary>
    public static long Run(IReadOnlyList<object?[]> stored, EventValidator validator, List<VerifyProblem> problems)
    {
        var found = new VerifyProblem?[stored.Count];
        Parallel.For(0, stored.Count, i => found[i] = Check(stored[i], validator));
        problems.AddRange(found.OfType<VerifyProblem>());
        return stored.Count;
    }

    private static VerifyProblem? Check(object?[] row, EventValidator validator)
    {
        var name = RowValue.RowName(row[0], row[1]);
        if (RowValue.Join(RowValue.NotKey("author", row[0]), RowValue.NotNumber("seq", row[1]), RowValue.NotBlob("raw", row[2])) is { } malformed)
            return new VerifyProblem(VerifyCodes.MalformedRow, $"pending row {name}: {malformed}", Table: Table);
        var author = Bytes32.Read((byte[])row[0]!);
        var seq = (long)row[1]!;
        if (!EventEncoding.TryDecode((byte[])row[2]!, out var e, out var framing))
            return new VerifyProblem(VerifyCodes.BadPending, $"stored bytes do not decode: {framing!.Message}", author, seq, Table: Table);
        if (e.Author != author || e.Seq != seq)
            return new VerifyProblem(VerifyCodes.BadPending, $"the row's author/seq columns do not match the event's bytes ({e})", author, seq, e.Id, e.Kind, Table);
        // Pending events may belong to no assembly yet (held before a genesis arrived), so the assembly is not checked.
        return validator.CheckDecoded(e, expectedAssembly: null, verifySignature: true) is { } rejection
            ? new VerifyProblem(VerifyCodes.BadPending, $"{rejection.Code}: {rejection.Message}", author, seq, e.Id, e.Kind, Table)
            : null;
    }
}
