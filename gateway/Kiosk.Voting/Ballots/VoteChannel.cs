namespace Kiosk.Voting.Ballots;

/// <summary>How a vote reached the desk.</summary>
public enum VoteChannel
{
    /// <summary>With a voter code (kiosk, command line).</summary>
    Code,

    /// <summary>From an enrolled button (wired or wireless).</summary>
    Device,

    /// <summary>With a member card tapped at a wired station (roll-call).</summary>
    Card,
}
