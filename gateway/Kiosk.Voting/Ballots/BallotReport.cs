using Kiosk.Ledger;
using Kiosk.Voting.Tally;

namespace Kiosk.Voting.Ballots;

/// <summary>Everything known about a ballot's votes: status, counted votes and trackers, turnout, conflicts, the tally.</summary>
public sealed record BallotReport
{
    public required PublishedBallot Ballot { get; init; }
    public required BallotStatus Status { get; init; }

    /// <summary>True when the status is final because a facilitator certified it.</summary>
    public bool Certified { get; init; }

    /// <summary>The votes that count (one per credential), in event-id order.</summary>
    public required IReadOnlyList<VoteRecord> Counted { get; init; }

    /// <summary>Vote events that do not count, with the reason.</summary>
    public required IReadOnlyList<IgnoredVote> Ignored { get; init; }

    /// <summary>
    /// Receipt trackers, sorted (the board's list): those of every batch that counts (secret votes; a revote's earlier
    /// tracker stays listed, as its batch holds it), and the event-id trackers of counted open votes.
    /// </summary>
    public required IReadOnlyList<string> Trackers { get; init; }

    /// <summary>The batches of secret votes the gateways' ballot boxes published, with their sorted trackers.</summary>
    public IReadOnlyList<ReceiptBatch> Batches { get; init; } = [];

    /// <summary>Vote events accepted per gateway (revotes included), for turnout by kiosk.</summary>
    public required IReadOnlyDictionary<Bytes32, int> TurnoutByGateway { get; init; }

    /// <summary>Credentials that voted at several gateways.</summary>
    public required IReadOnlyList<RevoteConflict> Conflicts { get; init; }

    /// <summary>Enrolled gateways that have not written CloseSeen yet (what keeps a result provisional).</summary>
    public required IReadOnlyList<Bytes32> AwaitingCloseSeen { get; init; }

    /// <summary>The quorum base: codes issued (weighted) or members with a button.</summary>
    public decimal Eligible { get; init; }

    /// <summary>
    /// For a ballot with a <see cref="BallotDefinition.QuorumMeeting"/>: who was present at the close (now, while open);
    /// null for other ballots.
    /// </summary>
    public Presence.MeetingPresence? PresenceAtClose { get; init; }

    /// <summary>Whether the quorum of present members held at the close; null when the ballot asks for none.</summary>
    public bool? PresenceQuorumHeld => PresenceAtClose?.IsQuorate;

    /// <summary>The tally, when it could be computed.</summary>
    public TallyResult? Result { get; init; }

    /// <summary>Why there is no tally, when there is none.</summary>
    public string? TallyProblem { get; init; }

    /// <summary>Whether results may be shown to residents now (live results allowed, or voting over).</summary>
    public bool ResultsVisible => Ballot.Definition.LiveResults || Status is BallotStatus.Provisional or BallotStatus.Final;
}
