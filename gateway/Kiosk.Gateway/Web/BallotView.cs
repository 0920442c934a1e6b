using Kiosk.Gateway.Host;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Web;

/// <summary>What the pages read of the assembly's ballots and notices, from the voting desk's up-to-date projection.</summary>
public static class BallotView
{
    /// <summary>Ballots open for votes at this gateway (the desk's one rule, on its clock).</summary>
    public static IReadOnlyList<BallotDefinition> OpenHere(GatewayContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Desk.OpenHere();
    }

    /// <summary>Every ballot's report, oldest first.</summary>
    public static IReadOnlyList<BallotReport> Reports(GatewayContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Reports.All();
    }

    /// <summary>Current notices, newest first.</summary>
    public static IReadOnlyList<Notice> Notices(GatewayContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = DateTimeOffset.UtcNow;
        return context.Desk.Read((p, _) => p.Notices.Values.Where(n => n.IsCurrent(now)).OrderByDescending(n => n.TimeMs).ToList());
    }

    /// <summary>
    /// The ballots a normalised code may vote on here, each with whether the code has voted on it already (queued votes
    /// included); null when the assembly never issued the code.
    /// </summary>
    public static IReadOnlyList<(BallotDefinition Ballot, bool Voted)>? ForCode(GatewayContext context, string normalizedCode)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Desk.BallotsForCode(normalizedCode);
    }

    /// <summary>A ballot's title in <paramref name="language"/>.</summary>
    public static string Title(BallotDefinition ballot, string language) => Translations.Pick(ballot?.Title, language);

    /// <summary>An option's label in <paramref name="language"/> (its id when the ballot has no such option).</summary>
    public static string Label(BallotDefinition ballot, string optionId, string language)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        return ballot.Option(optionId) is { } option ? Translations.Pick(option.Label, language) : optionId;
    }
}
