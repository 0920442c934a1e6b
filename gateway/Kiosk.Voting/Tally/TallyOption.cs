namespace Kiosk.Voting.Tally;

/// <summary>
/// One rule option with its one name: <see cref="Key"/> in a rules file (camelCase) and <see cref="Flag"/> on the command
/// line are the same words, and either spelling is accepted in either place (see <see cref="TallyOptions.Find"/>).
/// </summary>
public sealed record TallyOption
{
    private readonly Func<TallyRules, string, Outcome<TallyRules>> _fromText;
    private readonly Func<TallyRules, IReadOnlyList<string>, Outcome<TallyRules>>? _fromList;

    /// <summary>An option read from text (a flag's value, or a rules file's string, number or boolean).</summary>
    public TallyOption(string key, string values, string description, Func<TallyRules, string, Outcome<TallyRules>> fromText)
    {
        Key = key ?? throw new ArgumentNullException(nameof(key));
        Values = values;
        Description = description;
        _fromText = fromText ?? throw new ArgumentNullException(nameof(fromText));
    }

    /// <summary>An option holding a list of names: a JSON array in a rules file, one CSV record (quotes allowed) as text.</summary>
    public TallyOption(string key, string values, string description, Func<TallyRules, IReadOnlyList<string>, Outcome<TallyRules>> fromList)
        : this(key, values, description, (rules, text) => CsvText.Record(text) is { Ok: true } names ? fromList(rules, names.Value!) : CsvText.Record(text).Error!)
    {
        _fromList = fromList;
    }

    /// <summary>The rules-file key, camelCase: <c>maxSkippedRanks</c>.</summary>
    public string Key { get; }

    /// <summary>The flag: the same words in kebab-case, <c>--max-skipped-ranks</c>.</summary>
    public string Flag => "--" + TallyOptions.Kebab(Key);

    /// <summary>What values it takes, for help and docs.</summary>
    public string Values { get; }

    /// <summary>What it does, in a sentence.</summary>
    public string Description { get; }

    /// <summary>Earlier spellings still accepted (without dashes), such as <c>max-skipped</c>.</summary>
    public IReadOnlyList<string> OldSpellings { get; init; } = [];

    /// <summary>True for on/off options: the flag may be given alone, meaning on.</summary>
    public bool IsSwitch { get; init; }

    /// <summary>True for options that take a list of names.</summary>
    public bool IsList => _fromList is not null;

    /// <summary>Applies the option from text; the error, if any, says what the value should be.</summary>
    public Outcome<TallyRules> Apply(TallyRules rules, string text) => _fromText(rules, text ?? "");

    /// <summary>Applies a list option from a list of names; other options refuse a list.</summary>
    public Outcome<TallyRules> Apply(TallyRules rules, IReadOnlyList<string> names) =>
        _fromList is null ? Outcome<TallyRules>.Failure($"takes {Values}, not a list") : _fromList(rules, names);
}
