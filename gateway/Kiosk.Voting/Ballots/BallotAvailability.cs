using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// "Is this ballot open at this gateway?", answered once for the desk, the kiosk, the board and the buttons: opened by
/// a facilitator, not closed by one, no CloseSeen written by this gateway, and its scheduled close not reached by this
/// gateway's clock (a <see cref="TimeProvider"/>, so tests drive it).
/// </summary>
public static class BallotAvailability
{
    /// <summary>Whether <paramref name="ballotId"/> takes votes at <paramref name="gateway"/> at <paramref name="now"/>.</summary>
    public static bool IsOpenAt(AssemblyProjection projection, string ballotId, Bytes32 gateway, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(projection);
        return projection.Ballots.TryGetValue(ballotId, out var ballot) && projection.IsOpened(ballotId)
            && projection.CloseSeenAt(ballotId, gateway) is null && !IsCloseDue(projection, ballot.Definition, now);
    }

    /// <summary>Whether a close has reached this gateway: a facilitator closed the ballot, or its scheduled close has passed.</summary>
    public static bool IsCloseDue(AssemblyProjection projection, BallotDefinition ballot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(ballot);
        return projection.IsClosedByFacilitator(ballot.Id) || (ballot.ClosesAt is { } at && now >= at);
    }

    /// <summary>The ballots open at <paramref name="gateway"/>, oldest published first.</summary>
    public static IReadOnlyList<BallotDefinition> OpenAt(AssemblyProjection projection, Bytes32 gateway, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(projection);
        return projection.Ballots.Values
            .Where(b => IsOpenAt(projection, b.Definition.Id, gateway, now))
            .OrderBy(b => b.TimeMs).ThenBy(b => b.Definition.Id, StringComparer.Ordinal)
            .Select(b => b.Definition).ToList();
    }
}
