using System.CommandLine;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// The ballot a command acts on, given the same way everywhere: as the command's first argument (<c>kiosk ballot open B</c>,
/// <c>kiosk vote B</c>, <c>kiosk codes issue B</c>, <c>kiosk results B</c>, <c>kiosk ballot certify B</c>).
/// </summary>
public static class BallotArgument
{
    /// <summary>One ballot, required.</summary>
    public static Argument<string> One(string description = "The ballot's id.") => new("BALLOT") { Description = description };

    /// <summary>One ballot, or none for every ballot.</summary>
    public static Argument<string?> Optional(string description) => new("BALLOT") { Description = description, Arity = ArgumentArity.ZeroOrOne };

    /// <summary>One or more ballots (space- or comma-separated).</summary>
    public static Argument<string[]> Several(string description) => new("BALLOT") { Description = description, Arity = ArgumentArity.OneOrMore };

    /// <summary>The ids of a <see cref="Several"/> argument: comma-separated lists split, blanks and repeats dropped, order kept.</summary>
    public static string[] Ids(IEnumerable<string> given) =>
        [.. (given ?? []).SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];
}
