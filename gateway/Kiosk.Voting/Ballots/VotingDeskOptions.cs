namespace Kiosk.Voting.Ballots;

/// <summary>Settings of a gateway's voting desk.</summary>
public sealed record VotingDeskOptions
{
    /// <summary>
    /// The time on a secret ballot's VoteCast is rounded down to this (10 minutes by default), so the ledger cannot
    /// tell which of the people who stood at a kiosk in that window cast which vote.
    /// </summary>
    public TimeSpan SecretTimeGranularity { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock that decides scheduled closes.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
