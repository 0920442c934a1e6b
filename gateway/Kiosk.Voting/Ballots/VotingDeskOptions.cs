namespace Kiosk.Voting.Ballots;

/// <summary>Settings of a gateway's voting desk.</summary>
public sealed record VotingDeskOptions
{
    /// <summary>
    /// The times on a ballot box's events (secret votes and their receipts) are rounded down to this, or to the ballot's
    /// batch window when that is longer (10 minutes by default): the ledger tells when a batch was published, coarsely,
    /// and never when a vote was cast.
    /// </summary>
    public TimeSpan SecretTimeGranularity { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock that decides scheduled closes and batch windows.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The ballot-box queue file; null for <c>ballot-box.db</c> beside the ledger.</summary>
    public string? BallotBoxPath { get; init; }
}
