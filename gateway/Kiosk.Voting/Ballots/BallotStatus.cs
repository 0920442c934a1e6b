namespace Kiosk.Voting.Ballots;

/// <summary>Where a ballot stands, as every replica holding the same events sees it.</summary>
public enum BallotStatus
{
    /// <summary>Published, not opened: no vote counts yet.</summary>
    Draft,

    /// <summary>Opened; no gateway has seen a close.</summary>
    Open,

    /// <summary>Closing: a facilitator closed it or a gateway's schedule did, but not every gateway has written CloseSeen.</summary>
    Provisional,

    /// <summary>Every enrolled gateway wrote CloseSeen, or a facilitator certified the result.</summary>
    Final,
}
