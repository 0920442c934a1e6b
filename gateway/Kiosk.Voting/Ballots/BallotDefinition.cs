using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Tally;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// A ballot as a facilitator defines it (docs/ballot-file.md): what is asked, the options, how votes are counted
/// (method and rules), who may vote (voter codes or enrolled buttons), secrecy, revote policy, schedule and
/// whether live results are shown. Published in a <c>BallotPublished</c> event.
/// </summary>
public sealed record BallotDefinition : ICheckedBody
{
    /// <summary>Eligibility by one-time voter codes (secret ballots).</summary>
    public const string ByCodes = "codes";

    /// <summary>Eligibility by enrolled buttons named to members (roll-call ballots).</summary>
    public const string ByRollCall = "roll-call";

    /// <summary>The latest vote of a code or member counts.</summary>
    public const string LastCounts = "last-counts";

    /// <summary>The first vote of a code or member counts; later ones are refused.</summary>
    public const string FirstCounts = "first-counts";

    /// <summary>Most options a ballot may have.</summary>
    public const int MaxOptions = 200;

    /// <summary>Secret ballots: how many queued votes make a batch when <see cref="BatchSize"/> is not set.</summary>
    public const int DefaultBatchSize = 5;

    /// <summary>Secret ballots: the longest a vote waits for its batch when <see cref="BatchMinutes"/> is not set.</summary>
    public const int DefaultBatchMinutes = 10;

    /// <summary>Largest <see cref="BatchSize"/>.</summary>
    public const int MaxBatchSize = 500;

    /// <summary>Largest <see cref="BatchMinutes"/> (a day).</summary>
    public const int MaxBatchMinutes = 24 * 60;

    // Members with defaults are constructor parameters: a source-generated contract sets every init-only property it knows,
    // so a member missing from the JSON would get default(T) instead of the default here (dotnet/runtime#84484).
    /// <summary>A ballot with the defaults of the members a ballot file may leave out.</summary>
    [System.Text.Json.Serialization.JsonConstructor]
    public BallotDefinition(int seats = 1, string eligibility = ByCodes, bool secret = true, string revote = LastCounts, string threshold = "simple-majority")
    {
        Seats = seats;
        Eligibility = eligibility;
        Secret = secret;
        Revote = revote;
        Threshold = threshold;
    }

    public required string Id { get; init; }
    public required Dictionary<string, string> Title { get; init; }
    public Dictionary<string, string>? Description { get; init; }

    /// <summary>The tally method's name (irv, stv-scottish, stv-meek, schulze, approval, plurality, yes-no, consent, equal-shares).</summary>
    public required string Method { get; init; }

    public required BallotOption[] Options { get; init; }
    public int Seats { get; init; }

    /// <summary>Equal Shares: the money to spend.</summary>
    public decimal? Budget { get; init; }

    /// <summary>Equal Shares: the currency symbol the pages write with the budget and costs ("€", "$", "CHF"); none when null.</summary>
    public string? Currency { get; init; }

    /// <summary>Longest currency symbol.</summary>
    public const int MaxCurrency = 8;

    public string Eligibility { get; init; }
    public bool Secret { get; init; }
    public string Revote { get; init; }

    /// <summary>Yes/no: the share of eligible voters (or codes issued) who must take part; null for no quorum.</summary>
    public decimal? Quorum { get; init; }

    /// <summary>
    /// The meeting (presence events, <c>MeetingOpened</c>) whose quorum of present members must hold at the close; the
    /// report says whether it held. Null: the ballot does not depend on who is in the room.
    /// </summary>
    public string? QuorumMeeting { get; init; }

    /// <summary>Yes/no: simple-majority, two-thirds, three-quarters or unanimity.</summary>
    public string Threshold { get; init; }

    /// <summary>When each gateway closes the ballot by its own clock, if no facilitator closes it first.</summary>
    public DateTimeOffset? ClosesAt { get; init; }

    /// <summary>Whether the board shows the tally while the ballot is open.</summary>
    public bool LiveResults { get; init; }

    /// <summary>
    /// Secret ballots: a gateway publishes its queued votes into its ballot box, shuffled, once this many wait (or the
    /// window has passed, or the ballot closes); null for <see cref="DefaultBatchSize"/>. The batch is the anonymity set.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>Secret ballots: the longest (in minutes) the oldest queued vote waits for its batch; null for <see cref="DefaultBatchMinutes"/>.</summary>
    public int? BatchMinutes { get; init; }

    /// <summary>The batch size in force.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int EffectiveBatchSize => BatchSize ?? DefaultBatchSize;

    /// <summary>The batch window in force.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan BatchWindow => TimeSpan.FromMinutes(BatchMinutes ?? DefaultBatchMinutes);

    /// <summary>Further tally rules by their names in the tally rules JSON (overvote, maxSkippedRanks, duplicate, tieBreak, seed, precision, omega, completion, …).</summary>
    public Dictionary<string, string>? Rules { get; init; }

    /// <summary>The parsed method.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TallyMethod TallyMethod => TallyMethodNames.Parse(Method).Value;

    /// <summary>True when a vote ranks options in order.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRanked => TallyMethodNames.Parse(Method) is { Ok: true } m && m.Value.IsRanked();

    /// <summary>The option with <paramref name="id"/>, or null.</summary>
    public BallotOption? Option(string id) => Options.FirstOrDefault(o => o.Id == id);

    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => VotingJson.Default.BallotDefinition;

    /// <inheritdoc />
    public string? Check()
    {
        if (BallotIds.Check("id", Id) is { } badId) return badId;
        if (Translations.Check("title", Title, maxLength: 300) is { } badTitle) return badTitle;
        if (Translations.Check("description", Description, required: false) is { } badDescription) return badDescription;
        var method = TallyMethodNames.Parse(Method);
        if (!method.Ok) return method.Error!.Message;
        if (Options is not { Length: > 0 }) return "options: a ballot needs at least one option";
        if (Options.Length > MaxOptions) return $"options: at most {MaxOptions}";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in Options)
        {
            if (BallotIds.Check("option id", option.Id) is { } badOption) return badOption;
            if (!seen.Add(option.Id)) return $"option '{option.Id}' appears twice";
            if (Translations.Check($"option '{option.Id}' label", option.Label, maxLength: 300) is { } badLabel) return badLabel;
            if (option.Cost is < 0) return $"option '{option.Id}' has a negative cost";
        }
        if (method.Value is TallyMethod.YesNo && !SameSet(YesNoVote.Options)) return "a yes-no ballot has exactly the options yes, no and abstain";
        if (method.Value is TallyMethod.Consent && !SameSet(ConsentVote.Options)) return "a consent ballot has exactly the options consent, stand-aside and object";
        if (method.Value is TallyMethod.EqualShares)
        {
            if (Budget is not > 0) return "an equal-shares ballot needs a budget greater than 0";
            if (Options.Any(o => o.Cost is null)) return $"every option of an equal-shares ballot needs a cost (missing: {Options.First(o => o.Cost is null).Id})";
        }
        if (Currency is not null && (Currency.Length is 0 or > MaxCurrency || Currency.Any(char.IsWhiteSpace)))
            return $"currency is a symbol or code of 1 to {MaxCurrency} characters without spaces, like € or CHF";
        if (Seats < 1 || Seats > Options.Length) return $"seats must be between 1 and the number of options ({Options.Length}), not {Seats}";
        if (Eligibility is not (ByCodes or ByRollCall)) return $"eligibility must be \"{ByCodes}\" or \"{ByRollCall}\"";
        if (Eligibility == ByRollCall && Secret) return "a roll-call ballot names each voter, so it cannot be secret: set secret: false";
        if (Revote is not (LastCounts or FirstCounts)) return $"revote must be \"{LastCounts}\" or \"{FirstCounts}\"";
        if (Quorum is < 0 or > 1) return "quorum is a share between 0 and 1, e.g. 0.5";
        if (QuorumMeeting is not null && BallotIds.Check("quorumMeeting", QuorumMeeting) is { } badMeeting) return badMeeting;
        if (!Secret && (BatchSize is not null || BatchMinutes is not null)) return "batchSize and batchMinutes apply to secret ballots only";
        if (BatchSize is < 1 or > MaxBatchSize) return $"batchSize must be between 1 and {MaxBatchSize}";
        if (BatchMinutes is < 1 or > MaxBatchMinutes) return $"batchMinutes must be between 1 and {MaxBatchMinutes} (a day)";
        if (!TallyRules.ParseThreshold(Threshold).Ok) return TallyRules.ParseThreshold(Threshold).Error!.Message;
        return TallyRulesFor(0).Error?.Message;
    }

    private bool SameSet(IReadOnlyList<string> expected) =>
        Options.Length == expected.Count && expected.All(e => Options.Any(o => o.Id == e));

    /// <summary>The tally engine's rules for this ballot; <paramref name="eligible"/> is the quorum base (codes issued or members).</summary>
    public Outcome<TallyRules> TallyRulesFor(decimal eligible)
    {
        var rules = new TallyRules
        {
            Seats = Seats,
            Budget = Budget,
            QuorumBase = Quorum is null ? null : eligible,
            QuorumFraction = Quorum ?? 0,
            QuorumBasis = Eligibility == ByCodes ? "codes-issued" : "eligible",
            Threshold = TallyRules.ParseThreshold(Threshold).Value,
            Candidates = Options.Select(o => o.Id).ToArray(),
        };
        if (Rules is null || Rules.Count == 0) return rules;
        // Rule values are text in the ballot; the tally engine's rules JSON wants numbers and booleans as such.
        var json = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, value) in Rules) json[key] = RuleValue(value);
        return TallyRules.Parse(json.ToJsonString(), rules);
    }

    private static System.Text.Json.Nodes.JsonValue RuleValue(string text) =>
        bool.TryParse(text, out var flag) ? System.Text.Json.Nodes.JsonValue.Create(flag)
        : decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) ? System.Text.Json.Nodes.JsonValue.Create(number)
        : System.Text.Json.Nodes.JsonValue.Create(text);
}
