namespace Kiosk.Ledger;

/// <summary>The outcome of authoring an event: the committed event, or why nothing was written.</summary>
public sealed record AppendResult(LedgerEvent? Event, Rejection? Rejection)
{
    /// <summary>True when the event was durably committed.</summary>
    public bool IsCommitted => Event is not null;
}
