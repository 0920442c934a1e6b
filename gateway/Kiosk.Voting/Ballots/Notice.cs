using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>A posted notice; a later post with the same id replaces it.</summary>
public sealed record Notice(NoticePostedBody Body, Bytes32 EventId, long TimeMs)
{
    /// <summary>True while the notice has not expired at <paramref name="now"/>.</summary>
    public bool IsCurrent(DateTimeOffset now) => Body.Expires is not { } expires || expires > now;
}
