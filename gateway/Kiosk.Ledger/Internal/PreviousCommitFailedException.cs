namespace Kiosk.Ledger.Internal;

/// <summary>Thrown into staging when the batch it was stacked on failed to commit: staging starts again.</summary>
internal sealed class PreviousCommitFailedException : Exception;
