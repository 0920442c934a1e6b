namespace Kiosk.Ledger.Internal;

/// <summary>Refusals given in more than one place, worded once.</summary>
internal static class Refusals
{
    /// <summary>The event is already in the ledger: a replay or a repeated delivery.</summary>
    public static ReceiveResult Duplicate(LedgerEvent e) =>
        ReceiveResult.Rejected(new Rejection(RejectReason.Duplicate, $"{e.Kind} {e.Author.ShortHex}#{e.Seq} ({e.Id.ShortHex}) is already in the ledger"), e.Id);
}
