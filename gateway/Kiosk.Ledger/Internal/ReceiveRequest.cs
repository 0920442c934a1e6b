namespace Kiosk.Ledger.Internal;

/// <summary>Store events that already passed the stateless checks; <see cref="Results"/> holds the outcome per input.</summary>
internal sealed class ReceiveRequest(LedgerEvent?[] events, ReceiveResult?[] results) : WriteRequest
{
    public LedgerEvent?[] Events { get; } = events;
    public ReceiveResult?[] Results { get; } = results;
    public TaskCompletionSource<ReceiveResult[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception error) => Completion.TrySetException(error);
}
