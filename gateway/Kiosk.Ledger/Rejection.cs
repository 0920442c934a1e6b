namespace Kiosk.Ledger;

/// <summary>A refusal: a reason code for machines and a message for people.</summary>
public sealed record Rejection(RejectReason Reason, string Message)
{
    /// <summary>The reason code as text, e.g. "BadSignature".</summary>
    public string Code => Reason.ToString();

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
