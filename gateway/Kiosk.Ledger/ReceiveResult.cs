namespace Kiosk.Ledger;

/// <summary>The outcome for one received event: status, the rejection when refused, and the event id when it could be decoded.</summary>
public sealed record ReceiveResult(ReceiveStatus Status, Rejection? Rejection, Bytes32? EventId)
{
    /// <summary>True when the event is in the ledger now.</summary>
    public bool IsAccepted => Status == ReceiveStatus.Accepted;

    internal static ReceiveResult Accepted(Bytes32 id) => new(ReceiveStatus.Accepted, null, id);

    internal static ReceiveResult Pending(Bytes32 id, string message) => new(ReceiveStatus.Pending, null, id) { PendingReason = message };

    internal static ReceiveResult Rejected(Rejection rejection, Bytes32? id = null) => new(ReceiveStatus.Rejected, rejection, id);

    /// <summary>Why the event is pending (who must be enrolled first).</summary>
    public string? PendingReason { get; init; }

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        ReceiveStatus.Rejected => $"rejected {Rejection}",
        ReceiveStatus.Pending => $"pending: {PendingReason}",
        _ => $"accepted {EventId?.ShortHex}",
    };
}
