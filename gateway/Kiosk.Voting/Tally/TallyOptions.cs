using System.Globalization;
using System.Text;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Every rule option, each under one name. A rules file says <c>maxSkippedRanks</c>, the command line
/// <c>--max-skipped-ranks</c>: the same words, and names are matched ignoring case, dashes and underscores, so either spelling
/// works in either place. The command line builds its flags from this list and a rules file is read through it, so the two
/// cannot drift apart.
/// </summary>
public static class TallyOptions
{
    private static readonly string[] s_onOff = ["on", "true", "yes"];
    private static readonly string[] s_offOn = ["off", "false", "no"];

    /// <summary>Every option, in the order the docs list them.</summary>
    public static IReadOnlyList<TallyOption> All { get; } =
    [
        new("seats", "a whole number (1)", "Seats to fill (STV, approval, plurality); on the command line it also overrides a BLT file's seat count.",
            (r, t) => Whole(t, 1).Ok ? r with { Seats = Whole(t, 1).Value } : Whole(t, 1).Error!),
        new("overvote", "exhaust-immediately | always-skip-to-next-rank | exhaust-if-multiple-continuing", "What a rank naming several candidates does (IRV, STV).",
            (r, t) => Map(TallyRules.ParseOvervote(t), v => r with { Overvote = v })),
        new("maxSkippedRanks", "unlimited | a whole number", "Most consecutive skipped ranks a ballot may have and still count (IRV, STV).",
            (r, t) => Map(TallyRules.ParseMaxSkipped(t), v => r with { MaxSkippedRanks = v })) { OldSpellings = ["max-skipped"] },
        new("duplicate", "skip | exhaust", "What a candidate ranked twice does (IRV, STV).",
            (r, t) => Map(TallyRules.ParseDuplicate(t), v => r with { Duplicate = v })),
        new("batchElimination", "off | on", "IRV: eliminate at once every candidate who cannot win.",
            (r, t) => Map(OnOff(t), v => r with { BatchElimination = v })) { IsSwitch = true },
        new("undeclaredWriteIn", "a name", "The pseudo-candidate that stands for undeclared write-ins: eliminated first whenever it holds votes, never elected (IRV, STV, Schulze).",
            (r, t) => t.Trim().Length > 0 ? r with { UndeclaredWriteIn = t.Trim() } : Outcome<TallyRules>.Failure("must be a name")),
        new("excluded", "names, comma-separated", "Candidates eliminated before round 1: they appear in no tally and rankings of them are passed over (IRV, STV, Schulze).",
            (r, names) => r with { Excluded = names }),
        new("continueUntilTwoRemain", "off | on", "IRV: after the winner is found, keep eliminating until two candidates remain.",
            (r, t) => Map(OnOff(t), v => r with { ContinueUntilTwoRemain = v })) { IsSwitch = true },
        new("stopAfterRound", "a whole number", "Stop the count after this round, with or without a winner (IRV, STV).",
            (r, t) => Whole(t, 1).Ok ? r with { StopAfterRound = Whole(t, 1).Value } : Whole(t, 1).Error!),
        new("firstRoundThreshold", "off | on", "IRV: the threshold of round 1 holds in every round instead of being recomputed.",
            (r, t) => Map(OnOff(t), v => r with { FirstRoundThreshold = v })) { IsSwitch = true },
        new("tieBreak", "previous-rounds | candidate-order | random", "How ties are broken.",
            (r, t) => Map(TallyRules.ParseTieBreak(t), v => r with { TieBreak = v })),
        new("seed", "a whole number (0)", "Seed of the random tie-break (recorded in the result).",
            (r, t) => ulong.TryParse(t.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? r with { Seed = s } : Outcome<TallyRules>.Failure($"must be a non-negative whole number, not '{t}'")),
        new("precision", "1 to 10 (9)", "Meek STV: decimal places of every stored value.",
            (r, t) => Whole(t, 0).Ok ? r with { Precision = Whole(t, 0).Value } : Whole(t, 0).Error!),
        new("omega", "a number (0.000001)", "Meek STV: iteration stops when the total surplus is below this.",
            (r, t) => Map(Number(t), v => r with { Omega = v })),
        new("threshold", "simple-majority | two-thirds | three-quarters | unanimity", "Yes/no: the share of yes + no that yes needs.",
            (r, t) => Map(TallyRules.ParseThreshold(t), v => r with { Threshold = v })),
        new("quorumBase", "a number", "Yes/no: eligible voters or codes issued; no quorum without it.",
            (r, t) => Map(Number(t), v => r with { QuorumBase = v })),
        new("quorumBasis", "eligible | codes-issued", "Yes/no: what the quorum base counts.",
            (r, t) => r with { QuorumBasis = t.Trim() }),
        new("quorumFraction", "a number (0.5)", "Yes/no: the share of the quorum base that must take part.",
            (r, t) => Map(Number(t), v => r with { QuorumFraction = v })),
        new("budget", "a number", "Equal Shares: the budget, overriding the file's.",
            (r, t) => Map(Number(t), v => r with { Budget = v })),
        new("completion", "add-one-then-greedy | greedy | none", "Equal Shares: how the first pass's leftover is spent.",
            (r, t) => Map(TallyRules.ParseCompletion(t), v => r with { Completion = v })),
        new("completionStep", "a number (1)", "Equal Shares: how much each voter's share grows per add-one step.",
            (r, t) => Map(Number(t), v => r with { CompletionStep = v })),
        new("candidates", "names, comma-separated (CSV quoting for names with commas)", "The complete list of candidates (or options), in order, including any nobody ranked.",
            (r, names) => r with { Candidates = names }),
        new("separator", "auto | , | ; | tab", "CSV inputs: the field separator; auto takes the most frequent of comma, semicolon and tab in the header.",
            (r, t) => Map(TallyRules.ParseSeparator(t), v => r with { Separator = v })),
    ];

    /// <summary>The option with this name, in any of its spellings (key, flag, or an old spelling), or null.</summary>
    public static TallyOption? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = Normalize(name);
        return All.FirstOrDefault(o => Normalize(o.Key) == wanted || o.OldSpellings.Any(s => Normalize(s) == wanted));
    }

    /// <summary>The kebab-case form of a camelCase key: <c>maxSkippedRanks</c> → <c>max-skipped-ranks</c>.</summary>
    public static string Kebab(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var sb = new StringBuilder();
        foreach (var ch in key)
        {
            if (char.IsUpper(ch)) sb.Append('-').Append(char.ToLowerInvariant(ch));
            else sb.Append(ch);
        }
        return sb.ToString();
    }

    private static string Normalize(string name)
    {
        var sb = new StringBuilder();
        foreach (var ch in name)
        {
            if (ch is not ('-' or '_')) sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }

    private static Outcome<TallyRules> Map<T>(Outcome<T> parsed, Func<T, TallyRules> apply) =>
        parsed.Ok ? apply(parsed.Value!) : parsed.Error!;

    private static Outcome<int> Whole(string text, int min) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min
            ? v
            : Outcome<int>.Failure(min > 0 ? $"must be a whole number of at least {min}, not '{text}'" : $"must be a whole number, not '{text}'");

    private static Outcome<decimal> Number(string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var v)
            ? v
            : Outcome<decimal>.Failure($"must be a number, not '{text}'");

    private static Outcome<bool> OnOff(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (s_onOff.Contains(t)) return true;
        if (s_offOn.Contains(t)) return false;
        return Outcome<bool>.Failure($"must be on or off (true or false), not '{text}'");
    }
}
