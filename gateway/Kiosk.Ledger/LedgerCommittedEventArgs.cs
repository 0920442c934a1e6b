namespace Kiosk.Ledger;

/// <summary>The events one commit made durable, for parts that follow the ledger (live pages, the device broker).</summary>
public sealed class LedgerCommittedEventArgs(IReadOnlyList<LedgerEvent> events) : EventArgs
{
    /// <summary>The stored events, in the order stored.</summary>
    public IReadOnlyList<LedgerEvent> Events { get; } = events;
}
