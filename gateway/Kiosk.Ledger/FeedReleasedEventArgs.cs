namespace Kiosk.Ledger;

/// <summary>A hold of <see cref="Ledger.HoldFeed"/> ended: <see cref="Author"/>'s feed takes appends again, unless something else still refuses them.</summary>
public sealed class FeedReleasedEventArgs(Bytes32 author) : EventArgs
{
    /// <summary>The feed whose hold ended.</summary>
    public Bytes32 Author { get; } = author;
}
