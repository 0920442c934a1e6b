namespace Kiosk.Ledger;

/// <summary>
/// The known event kinds. The ledger registers its own; the voting part adds its kinds before a ledger opens.
/// An event of a kind that is not registered is refused on receipt.
/// </summary>
public sealed class KindRegistry
{
    private readonly Dictionary<string, KindRule> _rules = new(StringComparer.Ordinal);

    /// <summary>A registry holding the ledger's own kinds.</summary>
    public static KindRegistry CreateWithCoreKinds()
    {
        var registry = new KindRegistry();
        foreach (var rule in Bodies.CoreBodies.Rules) registry.Add(rule);
        return registry;
    }

    /// <summary>Adds a kind; a name may be registered once.</summary>
    public void Add(KindRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!EventEncoding.IsValidKindName(rule.Name)) throw new ArgumentException($"'{rule.Name}' is not a valid kind name", nameof(rule));
        if (!_rules.TryAdd(rule.Name, rule)) throw new InvalidOperationException($"kind {rule.Name} is registered twice");
    }

    /// <summary>Finds a kind's rule.</summary>
    public bool TryGet(string name, out KindRule rule) => _rules.TryGetValue(name, out rule!);

    /// <summary>The registered kind names, sorted.</summary>
    public IReadOnlyList<string> Names => _rules.Keys.Order(StringComparer.Ordinal).ToArray();
}
