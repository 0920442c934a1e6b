namespace Kiosk.Ledger;

/// <summary>What an enrolled key may do. A key holds at most one role in an assembly.</summary>
[Flags]
public enum Role
{
    /// <summary>Not a member.</summary>
    None = 0,

    /// <summary>Configures ballots, enrols gateways and devices, opens and closes votes.</summary>
    Facilitator = 1,

    /// <summary>A gateway: authors votes on behalf of kiosks and buttons.</summary>
    Gateway = 2,

    /// <summary>A co-op hub: the gateway program in hub role.</summary>
    Hub = 4,

    /// <summary>
    /// A gateway's ballot box: a second key of that gateway, declared by it with <c>BallotBoxKeyed</c>, whose feed holds
    /// only the gateway's secret votes (in shuffled batches, with coarse times) and their receipts.
    /// </summary>
    BallotBox = 8,
}
