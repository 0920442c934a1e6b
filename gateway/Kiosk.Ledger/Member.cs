namespace Kiosk.Ledger;

/// <summary>
/// An enrolled key: its role, display name, and the last seq of its feed that counts
/// (<see cref="long.MaxValue"/> unless it was removed).
/// </summary>
public sealed record Member(Bytes32 Key, Role Role, string Name, long ValidThroughSeq)
{
    /// <summary>True when the member was removed (some of its later events no longer count).</summary>
    public bool IsRemoved => ValidThroughSeq != long.MaxValue;
}
