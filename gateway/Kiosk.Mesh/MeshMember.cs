using Kiosk.Ledger;

namespace Kiosk.Mesh;

/// <summary>
/// One active gateway of the assembly as this gateway knows it: whether it is known to hold this gateway's state
/// (its newest signed statement, heard directly or relayed, names that state), and what that statement says.
/// </summary>
public sealed record MeshMember
{
    /// <summary>The gateway's key.</summary>
    public required Bytes32 Key { get; init; }

    /// <summary>Its enrolled name.</summary>
    public required string Name { get; init; }

    /// <summary>True for this gateway itself.</summary>
    public bool IsSelf { get; init; }

    /// <summary>True when it is known to hold this gateway's current state (always, for this gateway itself).</summary>
    public bool InStep { get; init; }

    /// <summary>True while a link to it is up (a direct peer).</summary>
    public bool Linked { get; init; }

    /// <summary>Its state hash as last heard (null when nothing was heard of it).</summary>
    public Bytes32? StateHash { get; init; }

    /// <summary>The events it held then.</summary>
    public long? Held { get; init; }
}
