using System.Globalization;
using System.Text.Json;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Every option a count can take. Defaults are those of common real-world rules; each method reads the options that apply to it
/// and ignores the rest. Read from a JSON file (<see cref="Parse"/>) and/or set from command-line flags.
/// </summary>
public sealed record TallyRules
{
    /// <summary>Largest precision Meek STV accepts: decimal keeps 28 significant digits, and the product of a keep factor and a quota must still fit exactly.</summary>
    public const int MaxMeekPrecision = 10;

    /// <summary>Seats to fill (STV, approval, plurality). Ignored by single-winner methods.</summary>
    public int Seats { get; init; } = 1;

    /// <summary>Ranked methods: what an overvoted rank does.</summary>
    public OvervoteRule Overvote { get; init; } = OvervoteRule.ExhaustImmediately;

    /// <summary>Ranked methods: the most consecutive blank ranks a ballot may skip and still count; null is unlimited.</summary>
    public int? MaxSkippedRanks { get; init; }

    /// <summary>Ranked methods: what a repeated ranking of the same candidate does.</summary>
    public DuplicateRule Duplicate { get; init; } = DuplicateRule.Skip;

    /// <summary>IRV: eliminate at once every candidate who cannot mathematically win (the lowest group whose combined tally is below the next candidate).</summary>
    public bool BatchElimination { get; init; }

    /// <summary>How ties are broken.</summary>
    public TieBreakRule TieBreak { get; init; } = TieBreakRule.PreviousRoundsThenCandidateOrder;

    /// <summary>Seed of the random tie-break (recorded in the result).</summary>
    public ulong Seed { get; init; }

    /// <summary>Meek STV: decimal places of every stored value (the PR Foundation reference uses 9).</summary>
    public int Precision { get; init; } = 9;

    /// <summary>Meek STV: iteration stops when the total surplus is below this (the reference uses 0.000001).</summary>
    public decimal Omega { get; init; } = 0.000001m;

    /// <summary>Yes/no: what <see cref="QuorumBase"/> counts, "eligible" voters or voter "codes-issued".</summary>
    public string QuorumBasis { get; init; } = "eligible";

    /// <summary>Yes/no: the number of eligible voters or of codes issued; null means no quorum.</summary>
    public decimal? QuorumBase { get; init; }

    /// <summary>Yes/no: the share of <see cref="QuorumBase"/> that must take part (yes, no or abstain).</summary>
    public decimal QuorumFraction { get; init; } = 0.5m;

    /// <summary>Yes/no: the share of yes + no that yes needs.</summary>
    public YesNoThreshold Threshold { get; init; } = YesNoThreshold.SimpleMajority;

    /// <summary>Equal Shares: the budget, overriding the one in the ballot file.</summary>
    public decimal? Budget { get; init; }

    /// <summary>Equal Shares: how the first pass's leftover is spent.</summary>
    public CompletionRule Completion { get; init; } = CompletionRule.AddOneThenGreedy;

    /// <summary>Equal Shares: how much each voter's share grows per step of the add-one completion (one currency unit by default).</summary>
    public decimal CompletionStep { get; init; } = 1m;

    /// <summary>Declared candidates (or options), in order; when given, it is the complete list and any other name is an error.</summary>
    public IReadOnlyList<string>? Candidates { get; init; }

    /// <summary>
    /// Ranked methods: the name standing for undeclared write-ins. It is eliminated first in any round where it holds votes,
    /// nobody is elected in such a round, and it is never elected.
    /// </summary>
    public string? UndeclaredWriteIn { get; init; }

    /// <summary>Ranked methods: candidates eliminated before round 1; they appear in no tally and rankings of them are passed over.</summary>
    public IReadOnlyList<string>? Excluded { get; init; }

    /// <summary>IRV: once the winner is found, keep eliminating until two candidates remain (the threshold stays at the winning round's).</summary>
    public bool ContinueUntilTwoRemain { get; init; }

    /// <summary>IRV and STV: the count stops after this round, with or without a winner; null runs to the end.</summary>
    public int? StopAfterRound { get; init; }

    /// <summary>CSV inputs: the field separator; null detects it from the header (the most frequent of comma, semicolon and tab).</summary>
    public char? Separator { get; init; }

    /// <summary>IRV: the threshold computed in round 1 holds in every later round instead of being recomputed from the continuing votes.</summary>
    public bool FirstRoundThreshold { get; init; }

    /// <summary>The defaults.</summary>
    public static TallyRules Default { get; } = new();

    private static readonly Dictionary<string, OvervoteRule> s_overvote = new(StringComparer.OrdinalIgnoreCase)
    {
        ["exhaust-immediately"] = OvervoteRule.ExhaustImmediately,
        ["always-skip-to-next-rank"] = OvervoteRule.AlwaysSkipToNextRank,
        ["exhaust-if-multiple-continuing"] = OvervoteRule.ExhaustIfMultipleContinuing,
    };

    private static readonly Dictionary<string, DuplicateRule> s_duplicate = new(StringComparer.OrdinalIgnoreCase)
    {
        ["skip"] = DuplicateRule.Skip,
        ["exhaust"] = DuplicateRule.Exhaust,
    };

    private static readonly Dictionary<string, TieBreakRule> s_tieBreak = new(StringComparer.OrdinalIgnoreCase)
    {
        ["candidate-order"] = TieBreakRule.CandidateOrder,
        ["previous-rounds"] = TieBreakRule.PreviousRoundsThenCandidateOrder,
        ["random"] = TieBreakRule.Random,
    };

    private static readonly Dictionary<string, YesNoThreshold> s_threshold = new(StringComparer.OrdinalIgnoreCase)
    {
        ["simple-majority"] = YesNoThreshold.SimpleMajority,
        ["two-thirds"] = YesNoThreshold.TwoThirds,
        ["three-quarters"] = YesNoThreshold.ThreeQuarters,
        ["unanimity"] = YesNoThreshold.Unanimity,
    };

    private static readonly Dictionary<string, CompletionRule> s_completion = new(StringComparer.OrdinalIgnoreCase)
    {
        ["add-one-then-greedy"] = CompletionRule.AddOneThenGreedy,
        ["greedy"] = CompletionRule.Greedy,
        ["none"] = CompletionRule.None,
    };

    /// <summary>The stable name of an overvote rule.</summary>
    public static string Name(OvervoteRule rule) => s_overvote.First(p => p.Value == rule).Key;

    /// <summary>The stable name of a duplicate rule.</summary>
    public static string Name(DuplicateRule rule) => s_duplicate.First(p => p.Value == rule).Key;

    /// <summary>The stable name of a tie-break rule.</summary>
    public static string Name(TieBreakRule rule) => s_tieBreak.First(p => p.Value == rule).Key;

    /// <summary>The stable name of a yes/no threshold.</summary>
    public static string Name(YesNoThreshold rule) => s_threshold.First(p => p.Value == rule).Key;

    /// <summary>The stable name of a completion rule.</summary>
    public static string Name(CompletionRule rule) => s_completion.First(p => p.Value == rule).Key;

    /// <summary>Parses an overvote rule name.</summary>
    public static Outcome<OvervoteRule> ParseOvervote(string? text) => Lookup(s_overvote, text, "overvote rule");

    /// <summary>Parses a duplicate rule name.</summary>
    public static Outcome<DuplicateRule> ParseDuplicate(string? text) => Lookup(s_duplicate, text, "duplicate rule");

    /// <summary>Parses a tie-break rule name.</summary>
    public static Outcome<TieBreakRule> ParseTieBreak(string? text) => Lookup(s_tieBreak, text, "tie-break");

    /// <summary>Parses a yes/no threshold name.</summary>
    public static Outcome<YesNoThreshold> ParseThreshold(string? text) => Lookup(s_threshold, text, "threshold");

    /// <summary>Parses a completion rule name.</summary>
    public static Outcome<CompletionRule> ParseCompletion(string? text) => Lookup(s_completion, text, "completion rule");

    /// <summary>Parses a CSV separator: <c>auto</c> (null), <c>,</c>, <c>;</c> (or <c>comma</c>, <c>semicolon</c>), <c>tab</c>.</summary>
    public static Outcome<char?> ParseSeparator(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "auto" => Outcome<char?>.Success(null),
        "," or "comma" => ',',
        ";" or "semicolon" => ';',
        "tab" or "\\t" => '\t',
        _ => Outcome<char?>.Failure($"separator must be auto, ',', ';' or tab, not '{text}'"),
    };

    /// <summary>The stable name of a separator.</summary>
    public static string SeparatorName(char? separator) => separator switch { null => "auto", '\t' => "tab", { } c => c.ToString() };

    /// <summary>Parses "unlimited" or a non-negative whole number of skipped ranks.</summary>
    public static Outcome<int?> ParseMaxSkipped(string? text)
    {
        if (string.Equals(text?.Trim(), "unlimited", StringComparison.OrdinalIgnoreCase)) return Outcome<int?>.Success(null);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? Outcome<int?>.Success(n)
            : Outcome<int?>.Failure($"max skipped ranks must be a whole number or 'unlimited', not '{text}'");
    }

    private static Outcome<T> Lookup<T>(Dictionary<string, T> names, string? text, string what) =>
        text is not null && names.TryGetValue(text.Trim(), out var value)
            ? value
            : Outcome<T>.Failure($"unknown {what} '{text}'; expected one of {string.Join(", ", names.Keys)}");

    /// <summary>Checks values that no method could use (a zero seat count, a negative omega, …).</summary>
    public TallyError? Validate()
    {
        if (Seats < 1) return new TallyError($"seats must be at least 1, not {Seats}");
        if (MaxSkippedRanks is < 0) return new TallyError("max skipped ranks cannot be negative");
        if (Precision is < 1 or > MaxMeekPrecision) return new TallyError($"precision must be between 1 and {MaxMeekPrecision} decimal places, not {Precision}");
        if (Omega <= 0) return new TallyError("omega must be greater than zero");
        if (QuorumBase is < 0) return new TallyError("the quorum base (eligible voters or codes issued) cannot be negative");
        if (QuorumFraction is < 0 or > 1) return new TallyError("the quorum fraction must be between 0 and 1");
        if (Budget is < 0) return new TallyError("the budget cannot be negative");
        if (CompletionStep <= 0) return new TallyError("the completion step must be greater than zero");
        if (QuorumBasis is not ("eligible" or "codes-issued")) return new TallyError($"quorum basis must be 'eligible' or 'codes-issued', not '{QuorumBasis}'");
        if (StopAfterRound is < 1) return new TallyError($"the round to stop after must be at least 1, not {StopAfterRound}");
        return null;
    }

    /// <summary>
    /// Reads rules from JSON text: an object whose keys are the options of <see cref="TallyOptions"/> (<c>maxSkippedRanks</c>, or
    /// the flag's spelling <c>max-skipped-ranks</c>); values are strings, numbers, booleans, or arrays of names for list options.
    /// Unknown keys are errors.
    /// </summary>
    public static Outcome<TallyRules> Parse(string json, TallyRules? start = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return Outcome<TallyRules>.Failure(new TallyError(
                $"not valid JSON: {FirstSentence(e.Message)}",
                null,
                e.LineNumber is { } l ? (int)l + 1 : null,
                e.BytePositionInLine is { } c ? (int)c + 1 : null));
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return Outcome<TallyRules>.Failure("rules must be a JSON object");
            var rules = start ?? Default;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var applied = Apply(rules, p.Name, p.Value);
                if (!applied.Ok) return applied;
                rules = applied.Value!;
            }
            return rules.Validate() is { } error ? Outcome<TallyRules>.Failure(error) : rules;
        }
    }

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }

    private static Outcome<TallyRules> Apply(TallyRules r, string key, JsonElement v)
    {
        if (TallyOptions.Find(key) is not { } option) return Outcome<TallyRules>.Failure($"unknown rule '{key}'");
        var applied = v.ValueKind switch
        {
            JsonValueKind.Array when v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                option.Apply(r, v.EnumerateArray().Select(e => e.GetString()!).ToArray()),
            JsonValueKind.Array => Outcome<TallyRules>.Failure("must be an array of names"),
            JsonValueKind.String => option.Apply(r, v.GetString()!),
            JsonValueKind.Number => option.Apply(r, v.GetRawText()),
            JsonValueKind.True => option.Apply(r, "true"),
            JsonValueKind.False => option.Apply(r, "false"),
            _ => Outcome<TallyRules>.Failure($"takes {option.Values}"),
        };
        return applied.Ok ? applied : Outcome<TallyRules>.Failure($"rule '{key}': {applied.Error!.Message}");
    }
}
