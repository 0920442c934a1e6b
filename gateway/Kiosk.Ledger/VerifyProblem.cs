namespace Kiosk.Ledger;

/// <summary>
/// One thing <see cref="LedgerVerifier"/> found wrong (<see cref="Code"/> is one of <see cref="VerifyCodes"/> or a
/// <see cref="RejectReason"/>), naming the event where there is one and the table where the problem sits.
/// </summary>
public sealed record VerifyProblem(string Code, string Message, Bytes32? Author = null, long? Seq = null, Bytes32? EventId = null, string? Kind = null, string? Table = null)
{
    /// <summary>"author#seq" of the event concerned, or empty.</summary>
    public string Where => Author is { } a ? $"{a.ShortHex}#{Seq}" : "";

    /// <inheritdoc />
    public override string ToString()
    {
        var table = Table is null ? "" : $" [{Table}]";
        return Author is null ? $"{Code}{table}: {Message}" : $"{Code}{table} at {Where} ({Kind} {EventId?.ShortHex}): {Message}";
    }
}
