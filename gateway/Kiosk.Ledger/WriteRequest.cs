namespace Kiosk.Ledger;

/// <summary>Work queued for the ledger's single writer; completed only after the transaction holding it commits.</summary>
internal abstract class WriteRequest
{
    public abstract void Fail(Exception error);
}

/// <summary>Author a new event in <see cref="Author"/>'s feed (seq, prev and signature are assigned by the writer).</summary>
internal sealed class AppendRequest(AuthorKeyPair author, string kind, byte[] body, AssemblyId? genesisAssembly, long timeGranularityMs = 1) : WriteRequest
{
    /// <summary>The author time is rounded down to a multiple of this (secret ballots coarsen it; 1 keeps milliseconds).</summary>
    public long TimeGranularityMs { get; } = Math.Max(1, timeGranularityMs);

    public AuthorKeyPair Author { get; } = author;
    public string Kind { get; } = kind;
    public byte[] Body { get; } = body;

    /// <summary>Set only when authoring a genesis: the assembly it founds.</summary>
    public AssemblyId? GenesisAssembly { get; } = genesisAssembly;

    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public AppendResult? Result { get; set; }

    public override void Fail(Exception error) => Completion.TrySetException(error);
}

/// <summary>Store events that already passed the stateless checks; <see cref="Results"/> holds the outcome per input.</summary>
internal sealed class ReceiveRequest(LedgerEvent?[] events, ReceiveResult?[] results) : WriteRequest
{
    public LedgerEvent?[] Events { get; } = events;
    public ReceiveResult?[] Results { get; } = results;
    public TaskCompletionSource<ReceiveResult[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception error) => Completion.TrySetException(error);
}

/// <summary>Recompute the projections from the events, between two commits.</summary>
internal sealed class RebuildRequest : WriteRequest
{
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception error) => Completion.TrySetException(error);
}
