namespace Kiosk.Voting.Tally;

/// <summary>One round (or stage, or step) of a count, with everything needed to explain it.</summary>
public sealed record TallyRound
{
    /// <summary>1-based round number.</summary>
    public required int Round { get; init; }

    /// <summary>
    /// The round's threshold where the method has one: IRV, half the continuing votes (a candidate needs more);
    /// STV, the quota (a candidate needs at least this); Equal Shares, the price per voter of the project funded.
    /// </summary>
    public decimal? Threshold { get; init; }

    /// <summary>Every candidate's (option's, project's) number this round, in candidate order.</summary>
    public required IReadOnlyList<NamedValue> Tally { get; init; }

    /// <summary>Candidates elected this round, in order.</summary>
    public IReadOnlyList<string> Elected { get; init; } = [];

    /// <summary>Candidates eliminated (excluded, defeated) this round.</summary>
    public IReadOnlyList<string> Eliminated { get; init; } = [];

    /// <summary>Votes moved at the end of this round; they show in the next round's tally.</summary>
    public IReadOnlyList<TransferFrom> Transfers { get; init; } = [];

    /// <summary>Ranked methods: inactive votes by reason, cumulative, as of this round's tally.</summary>
    public InactiveCounts? Inactive { get; init; }

    /// <summary>STV: votes lost to rounding (Scottish truncation) or held as excess (Meek), cumulative.</summary>
    public decimal? Residual { get; init; }

    /// <summary>Meek STV: keep factors of elected candidates after this round.</summary>
    public IReadOnlyList<NamedValue>? KeepFactors { get; init; }

    /// <summary>Meek STV: iterations of the keep-factor loop in this round.</summary>
    public int? Iterations { get; init; }

    /// <summary>What happened, in words: a surplus transferred, a tie broken and how, a completion step.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
