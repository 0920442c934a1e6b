namespace Kiosk.Ledger.Internal;

/// <summary>Work queued for the ledger's single writer; completed only after the transaction holding it commits.</summary>
internal abstract class WriteRequest
{
    public abstract void Fail(Exception error);
}
