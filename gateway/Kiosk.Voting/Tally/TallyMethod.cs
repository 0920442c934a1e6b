namespace Kiosk.Voting.Tally;

/// <summary>The counting methods the tally engine implements (rules in docs/tally-format.md).</summary>
public enum TallyMethod
{
    /// <summary>Instant-runoff voting: one winner, lowest candidate eliminated each round.</summary>
    Irv,

    /// <summary>Single transferable vote under the Scottish local government rules (Droop quota, weighted inclusive Gregory, 5-decimal truncation).</summary>
    StvScottish,

    /// <summary>Single transferable vote by Meek's method (keep factors, configurable precision).</summary>
    StvMeek,

    /// <summary>Schulze's Condorcet method with winning-votes strength.</summary>
    Schulze,

    /// <summary>Approval voting: each ballot approves any number of options; top n win.</summary>
    Approval,

    /// <summary>Plurality: each ballot chooses one option; top n win.</summary>
    Plurality,

    /// <summary>Yes / no / abstain with quorum and threshold.</summary>
    YesNo,

    /// <summary>Consent: passes unless someone objects.</summary>
    Consent,

    /// <summary>Participatory budgeting by the Method of Equal Shares (with greedy-by-votes for comparison).</summary>
    EqualShares,
}

/// <summary>The command-line and JSON names of <see cref="TallyMethod"/> values.</summary>
public static class TallyMethodNames
{
    private static readonly (TallyMethod Method, string Name)[] s_names =
    [
        (TallyMethod.Irv, "irv"),
        (TallyMethod.StvScottish, "stv-scottish"),
        (TallyMethod.StvMeek, "stv-meek"),
        (TallyMethod.Schulze, "schulze"),
        (TallyMethod.Approval, "approval"),
        (TallyMethod.Plurality, "plurality"),
        (TallyMethod.YesNo, "yes-no"),
        (TallyMethod.Consent, "consent"),
        (TallyMethod.EqualShares, "equal-shares"),
    ];

    /// <summary>Every accepted name, in the order of the enum.</summary>
    public static IReadOnlyList<string> All { get; } = s_names.Select(n => n.Name).ToArray();

    /// <summary>The stable name of a method, as used in JSON and on the command line.</summary>
    public static string Name(this TallyMethod method) =>
        s_names.First(n => n.Method == method).Name;

    /// <summary>Parses a method name; unknown names are an error listing the accepted ones.</summary>
    public static Outcome<TallyMethod> Parse(string? name)
    {
        foreach (var (method, n) in s_names)
        {
            if (string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase)) return method;
        }
        return Outcome<TallyMethod>.Failure($"unknown method '{name}'; expected one of {string.Join(", ", All)}");
    }

    /// <summary>Whether the method counts ranked ballots.</summary>
    public static bool IsRanked(this TallyMethod method) =>
        method is TallyMethod.Irv or TallyMethod.StvScottish or TallyMethod.StvMeek or TallyMethod.Schulze;
}
