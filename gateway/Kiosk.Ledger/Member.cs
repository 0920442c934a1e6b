namespace Kiosk.Ledger;

/// <summary>
/// An enrolled key: its role, display name, and the last seq of its feed that counts
/// (<see cref="long.MaxValue"/> unless it was removed).
/// </summary>
public sealed record Member(Bytes32 Key, Role Role, string Name, long ValidThroughSeq)
{
    /// <summary>True when the member was removed (some of its later events no longer count).</summary>
    public bool IsRemoved => ValidThroughSeq != long.MaxValue;

    /// <summary>
    /// True for a gateway or hub that was retired (<c>GatewayRetired</c>): its events through the cut-off keep counting,
    /// it is refused as a peer, and no result waits for its <c>CloseSeen</c>. Only a retirement gives a gateway a cut-off.
    /// </summary>
    public bool IsRetired => Role is Role.Gateway or Role.Hub && IsRemoved;

    /// <summary>True for an enrolled gateway or hub that was not retired: one whose <c>CloseSeen</c> finality waits for.</summary>
    public bool IsActiveGateway => Role is Role.Gateway or Role.Hub && !IsRemoved;
}
