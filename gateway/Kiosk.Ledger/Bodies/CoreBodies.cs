namespace Kiosk.Ledger.Bodies;

/// <summary>The kind rules of the ledger's own events.</summary>
public static class CoreBodies
{
    /// <summary>Membership and authority kinds: written by facilitators, except a gateway's declaration of its own ballot box.</summary>
    public static IReadOnlyList<KindRule> Rules { get; } =
    [
        new(EventKinds.AssemblyFounded, Role.Facilitator, IsAuthority: true, BodyJson.Checker<AssemblyFoundedBody>()),
        new(EventKinds.FacilitatorAdded, Role.Facilitator, IsAuthority: true, BodyJson.Checker<FacilitatorAddedBody>()),
        new(EventKinds.FacilitatorRemoved, Role.Facilitator, IsAuthority: true, BodyJson.Checker<FacilitatorRemovedBody>()),
        new(EventKinds.GatewayEnrolled, Role.Facilitator, IsAuthority: true, BodyJson.Checker<GatewayEnrolledBody>()),
        new(EventKinds.GatewayRetired, Role.Facilitator, IsAuthority: true, BodyJson.Checker<GatewayRetiredBody>()),
        new(EventKinds.DeviceEnrolled, Role.Facilitator, IsAuthority: true, BodyJson.Checker<DeviceEnrolledBody>()),
        new(EventKinds.DeviceRevoked, Role.Facilitator, IsAuthority: true, BodyJson.Checker<DeviceRevokedBody>()),
        new(EventKinds.BallotBoxKeyed, Role.Gateway | Role.Hub, IsAuthority: true, BodyJson.Checker<BallotBoxKeyedBody>()),
    ];
}
