using Kiosk.Ledger;
using Kiosk.Voting.Tally;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// Counts a ballot from the projection's facts (docs/ballots.md, "Which votes count"): a pure function, so every
/// replica holding the same events reports the same counted votes, status and tally.
/// </summary>
public static class BallotCounter
{
    /// <summary>The report of <paramref name="ballotId"/>, or null when no such ballot is published.</summary>
    public static BallotReport? Report(AssemblyProjection projection, AuthorityTable authority, string ballotId)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(authority);
        if (!projection.Ballots.TryGetValue(ballotId, out var ballot)) return null;
        var definition = ballot.Definition;
        var certification = projection.CertificationOf(ballotId);

        var valid = new List<VoteRecord>();
        var ignored = new List<IgnoredVote>();
        foreach (var vote in projection.Votes(ballotId).OrderBy(v => v.EventId))
        {
            var reason = Invalid(vote, definition, projection, authority, certification);
            if (reason is null) valid.Add(vote);
            else ignored.Add(new IgnoredVote(vote, reason));
        }

        // The revote rule, per credential: last-counts keeps the greatest (revision, time, id), first-counts the least.
        var counted = new List<VoteRecord>();
        var conflicts = new List<RevoteConflict>();
        foreach (var group in valid.GroupBy(v => v.Credential, StringComparer.Ordinal))
        {
            var ordered = group.ToList();
            ordered.Sort(VoteRecord.CompareForRevote);
            var pick = definition.Revote == BallotDefinition.FirstCounts ? ordered[0] : ordered[^1];
            counted.Add(pick);
            foreach (var other in ordered.Where(v => v != pick)) ignored.Add(new IgnoredVote(other, definition.Revote == BallotDefinition.FirstCounts ? "a later vote of the same code or member (first counts)" : "replaced by a later vote of the same code or member"));
            var gateways = ordered.Select(v => v.Gateway).Distinct().Order().ToList();
            if (gateways.Count > 1)
                conflicts.Add(new RevoteConflict(group.Key, gateways, pick.EventId, ordered.Where(v => v != pick).Select(v => v.EventId).ToList()));
        }
        counted.Sort((a, b) => a.EventId.CompareTo(b.EventId));

        var gatewaysEnrolled = authority.Members.Values.Where(m => m.Role == Role.Gateway).Select(m => m.Key).Order().ToList();
        var sawClose = projection.GatewaysThatSawClose(ballotId).ToHashSet();
        var awaiting = gatewaysEnrolled.Where(g => !sawClose.Contains(g)).ToList();
        var status = !projection.IsOpened(ballotId) ? BallotStatus.Draft
            : certification is not null ? BallotStatus.Final
            : sawClose.Count == 0 && !projection.IsClosedByFacilitator(ballotId) ? BallotStatus.Open
            : awaiting.Count == 0 ? BallotStatus.Final
            : BallotStatus.Provisional;

        var eligible = definition.Eligibility == BallotDefinition.ByCodes
            ? projection.CodesIssued(ballotId)
            : authority.Devices.Values.Where(d => d.Member is not null && !d.Revoked).Select(d => d.Member).Distinct(StringComparer.Ordinal).Count();
        var weights = counted.ToDictionary(v => v.EventId, v => Weight(v, definition, projection, counted));
        var tally = Tally(definition, counted, weights, eligible);
        return new BallotReport
        {
            Ballot = ballot,
            Status = status,
            Certified = certification is not null,
            Counted = counted,
            Ignored = ignored,
            Trackers = counted.Select(v => ReceiptTracker.Of(v.EventId)).Order(StringComparer.Ordinal).ToList(),
            TurnoutByGateway = valid.GroupBy(v => v.Gateway).ToDictionary(g => g.Key, g => g.Count()),
            Conflicts = conflicts,
            AwaitingCloseSeen = certification is null ? awaiting : [],
            Eligible = eligible,
            Result = tally.Ok ? tally.Value : null,
            TallyProblem = tally.Ok ? null : tally.Error!.Message,
        };
    }

    /// <summary>Why a vote event does not count, or null when it is valid (before the revote rule).</summary>
    private static string? Invalid(VoteRecord vote, BallotDefinition ballot, AssemblyProjection projection, AuthorityTable authority, Certification? certification)
    {
        if (!projection.IsOpened(ballot.Id)) return "the ballot was never opened";
        if (projection.CloseSeenAt(ballot.Id, vote.Gateway) is { } closeSeen && vote.Seq > closeSeen) return "cast after its gateway saw the close";
        if (certification is not null && (!certification.Feeds.TryGetValue(vote.Gateway, out var through) || vote.Seq > through))
            return "not among the feeds the certified result includes";
        if (ChoiceRules.Check(ballot, vote.Body.Choice, vote.Body.Objection) is { } badChoice) return badChoice;
        if (ballot.Eligibility == BallotDefinition.ByCodes)
        {
            if (vote.Body.Code is not { } code) return "this ballot takes voter codes";
            var issue = projection.Code(VoterCode.HashOfHash(code));
            if (issue is null) return "no issued code matches";
            if (!issue.Ballots.Contains(ballot.Id, StringComparer.Ordinal)) return "the code was issued for another ballot";
            return null;
        }
        if (vote.Body.Device is not { } deviceId) return "this roll-call ballot takes enrolled buttons";
        if (!authority.Devices.TryGetValue(deviceId, out var device)) return "the device is not enrolled";
        if (device.Revoked) return "the device is revoked";
        if (device.Gateway != vote.Gateway) return "the device is enrolled to another gateway";
        return device.Member == vote.Body.Member ? null : "the vote names a member the device is not enrolled for";
    }

    private static decimal Weight(VoteRecord vote, BallotDefinition ballot, AssemblyProjection projection, IReadOnlyList<VoteRecord> counted)
    {
        if (vote.Body.Code is { } code) return projection.Code(VoterCode.HashOfHash(code))?.Weight ?? 0;
        // Roll-call: one, plus one for each member who gave this member their proxy and did not vote themselves.
        var voted = counted.Select(v => v.Body.Member).ToHashSet(StringComparer.Ordinal);
        var proxies = projection.Proxies(ballot.Id).Where(p => p.To == vote.Body.Member && !voted.Contains(p.From)).Select(p => p.From).Distinct(StringComparer.Ordinal).Count();
        return 1 + proxies;
    }

    private static Outcome<TallyResult> Tally(BallotDefinition ballot, IReadOnlyList<VoteRecord> counted, Dictionary<Bytes32, decimal> weights, decimal eligible)
    {
        var rules = ballot.TallyRulesFor(eligible);
        if (!rules.Ok) return rules.Error!;
        var index = ballot.Options.Select((o, i) => (o.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var names = ballot.Options.Select(o => o.Id).ToArray();
        var method = ballot.TallyMethod;
        if (method.IsRanked())
        {
            var ballots = counted.Select(v => RankedBallot.Ordered(weights[v.EventId], v.Body.Choice.Select(c => index[c]).ToArray())).ToArray();
            return Kiosk.Voting.Tally.Tally.Count(method, new RankedElection(names, ballots, ballot.Seats), rules.Value!);
        }
        var choices = counted.Select(v => new ChoiceBallot(v.Body.Choice.Select(c => index[c]).ToArray(), weights[v.EventId], ReceiptTracker.Of(v.EventId), v.Body.Objection)).ToArray();
        if (method == TallyMethod.EqualShares)
        {
            var projects = ballot.Options.Select(o => new BudgetProject(o.Id, o.Cost ?? 0)).ToArray();
            return EqualShares.Count(new BudgetInstance(projects, choices, ballot.Budget ?? 0), rules.Value!);
        }
        return Kiosk.Voting.Tally.Tally.Count(method, new ChoiceElection(names, choices), rules.Value!);
    }
}
