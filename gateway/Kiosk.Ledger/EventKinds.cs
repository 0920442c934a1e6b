namespace Kiosk.Ledger;

/// <summary>The names of the ledger's own event kinds (membership and authority). Other parts register theirs.</summary>
public static class EventKinds
{
    /// <summary>Genesis: names the assembly and its founding key.</summary>
    public const string AssemblyFounded = "AssemblyFounded";

    /// <summary>A facilitator adds another facilitator.</summary>
    public const string FacilitatorAdded = "FacilitatorAdded";

    /// <summary>A facilitator removes a facilitator, naming the last of their events that still counts.</summary>
    public const string FacilitatorRemoved = "FacilitatorRemoved";

    /// <summary>A facilitator enrols a gateway or hub key.</summary>
    public const string GatewayEnrolled = "GatewayEnrolled";

    /// <summary>A facilitator retires a gateway or hub, naming the last of its events (and its ballot box's) that still count.</summary>
    public const string GatewayRetired = "GatewayRetired";

    /// <summary>A facilitator enrols a wired or wireless button to a gateway.</summary>
    public const string DeviceEnrolled = "DeviceEnrolled";

    /// <summary>A facilitator revokes a device.</summary>
    public const string DeviceRevoked = "DeviceRevoked";

    /// <summary>A gateway declares its ballot box key (the feed its secret votes go into), once.</summary>
    public const string BallotBoxKeyed = "BallotBoxKeyed";
}
