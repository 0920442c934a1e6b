using Kiosk.Gateway.Host;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Web;

/// <summary>What the pages read of the assembly's ballots and notices, from the voting desk's up-to-date projection.</summary>
public static class BallotView
{
    /// <summary>Ballots open for votes at this gateway (opened, no close seen here, schedule not passed).</summary>
    public static IReadOnlyList<BallotDefinition> OpenHere(GatewayContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = DateTimeOffset.UtcNow;
        return context.Desk.Read((p, _) => p.Ballots.Values
            .Where(b => p.IsOpened(b.Definition.Id) && !p.IsClosedByFacilitator(b.Definition.Id) && p.CloseSeenAt(b.Definition.Id, context.Desk.Gateway) is null
                && (b.Definition.ClosesAt is not { } at || at > now))
            .OrderBy(b => b.TimeMs).ThenBy(b => b.Definition.Id, StringComparer.Ordinal)
            .Select(b => b.Definition).ToList());
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
    /// The ballots a normalised code may vote on here, each with whether the code has voted on it already; null when
    /// the assembly never issued the code.
    /// </summary>
    public static IReadOnlyList<(BallotDefinition Ballot, bool Voted)>? ForCode(GatewayContext context, string normalizedCode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var codeHash = VoterCode.Hash(normalizedCode);
        var open = OpenHere(context);
        return context.Desk.Read<IReadOnlyList<(BallotDefinition, bool)>?>((p, _) =>
        {
            var issue = p.Code(VoterCode.HashOfHash(codeHash));
            if (issue is null) return null;
            return open.Where(b => issue.Ballots.Contains(b.Id, StringComparer.Ordinal) && b.Eligibility == BallotDefinition.ByCodes)
                .Select(b => (b, p.VotesBy(b.Id, "code:" + codeHash).Count > 0)).ToList();
        });
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
