namespace Kiosk.Ledger;

/// <summary>One thing <see cref="LedgerVerifier"/> found wrong, naming the event where there is one.</summary>
public sealed record VerifyProblem(string Code, string Message, Bytes32? Author = null, long? Seq = null, Bytes32? EventId = null, string? Kind = null)
{
    /// <summary>"author#seq" of the event concerned, or empty.</summary>
    public string Where => Author is { } a ? $"{a.ShortHex}#{Seq}" : "";

    /// <inheritdoc />
    public override string ToString() => Author is null ? $"{Code}: {Message}" : $"{Code} at {Where} ({Kind} {EventId?.ShortHex}): {Message}";
}
