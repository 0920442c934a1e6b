namespace Kiosk.Ledger.Internal;

/// <summary>Recompute the projections from the events, between two commits.</summary>
internal sealed class RebuildRequest : WriteRequest
{
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception error) => Completion.TrySetException(error);
}
