namespace Kiosk.Ledger.Internal;

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
