namespace Kiosk.Voting.Ballots;

/// <summary>A refused vote: a reason code and a message a resident can act on.</summary>
public sealed record VoteRefusal(VoteRefusalReason Reason, string Message)
{
    /// <summary>The reason as text.</summary>
    public string Code => Reason.ToString();

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
