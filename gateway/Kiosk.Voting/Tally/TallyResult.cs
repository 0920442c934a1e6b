namespace Kiosk.Voting.Tally;

/// <summary>
/// The result of a count: winners in order of election and every round that led there, plus what the method adds
/// (Schulze matrices, a yes/no decision, objections, the budget). Serialised by <see cref="TallyJson"/>.
/// </summary>
public sealed record TallyResult
{
    /// <summary>The method that produced this result.</summary>
    public required TallyMethod Method { get; init; }

    /// <summary>The candidates (options, projects) taking part, in declared order.</summary>
    public required IReadOnlyList<string> Candidates { get; init; }

    /// <summary>Seats filled (1 for single-winner methods).</summary>
    public int Seats { get; init; } = 1;

    /// <summary>The winners, in order of election (for yes/no and consent: "yes" / "consent" when it passed).</summary>
    public required IReadOnlyList<string> Winners { get; init; }

    /// <summary>Every round or step of the count.</summary>
    public required IReadOnlyList<TallyRound> Rounds { get; init; }

    /// <summary>A full ranking, best first, as tiers of tied names, where the method produces one.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Ranking { get; init; }

    /// <summary>The total weight of the ballots read, blank ones included.</summary>
    public decimal TotalVotes { get; init; }

    /// <summary>Ranked methods: the weight of blank ballots (no candidate at any rank), which belong to no round's inactive counts.</summary>
    public decimal? Undervotes { get; init; }

    /// <summary>Ranked methods: candidates who took no part (excluded by the rules, withdrawn in the file), in candidate order.</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>The rules that applied, by their stable names.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RulesUsed { get; init; } = [];

    /// <summary>The random tie-break's seed, when a random tie-break could have been used.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Schulze: the matrices behind the result.</summary>
    public SchulzeMatrices? Schulze { get; init; }

    /// <summary>Yes/no and consent: whether it passed and why.</summary>
    public TallyDecision? Decision { get; init; }

    /// <summary>Consent: the objections raised.</summary>
    public IReadOnlyList<Objection>? Objections { get; init; }

    /// <summary>Equal Shares: the money and the greedy comparison.</summary>
    public BudgetSummary? Budget { get; init; }

    /// <summary>The election's title, when the input gave one.</summary>
    public string? Title { get; init; }
}
