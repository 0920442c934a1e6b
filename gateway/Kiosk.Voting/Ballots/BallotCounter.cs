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
            else ignored.Add(new IgnoredVote(vote, reason, GatewayOf(vote, authority)));
        }

        // The revote rule, per credential: last-counts keeps the greatest (revision, time, id), first-counts the least.
        var counted = new List<VoteRecord>();
        var conflicts = new List<RevoteConflict>();
        foreach (var group in valid.GroupBy(v => v.Credential))
        {
            var ordered = group.ToList();
            ordered.Sort(VoteRecord.CompareForRevote);
            var pick = definition.Revote == BallotDefinition.FirstCounts ? ordered[0] : ordered[^1];
            counted.Add(pick);
            foreach (var other in ordered.Where(v => v != pick)) ignored.Add(new IgnoredVote(other, definition.Revote == BallotDefinition.FirstCounts ? "a later vote of the same code or member (first counts)" : "replaced by a later vote of the same code or member", GatewayOf(other, authority)));
            var gateways = ordered.Select(v => GatewayOf(v, authority)).Distinct().Order().ToList();
            if (gateways.Count > 1)
                conflicts.Add(new RevoteConflict(group.Key, gateways, pick.EventId, ordered.Where(v => v != pick).Select(v => v.EventId).ToList()));
        }
        counted.Sort((a, b) => a.EventId.CompareTo(b.EventId));

        // Finality waits for every active gateway; a retired one said goodbye and is not waited for.
        var gatewaysEnrolled = authority.Members.Values.Where(m => m.Role == Role.Gateway && !m.IsRetired).Select(m => m.Key).Order().ToList();
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
        var batches = Batches(projection, authority, ballotId, certification);
        // Receipts: a batch's random trackers for votes from a ballot box; the event-id tracker for open votes (and for
        // secret votes written before ballot boxes, whose receipts were made that way).
        var trackers = batches.Where(b => b.Counts).SelectMany(b => b.Trackers)
            .Concat(counted.Where(v => !authority.BallotBoxes.ContainsKey(v.Author)).Select(v => ReceiptTracker.Of(v.EventId)))
            .Order(StringComparer.Ordinal).ToList();
        // A quorum of present members is judged at the close: the facilitator's close or the scheduled one, whichever is
        // first (while open, presence now). Both are in the event set, so every replica judges alike.
        var presence = definition.QuorumMeeting is { } meeting
            ? projection.Presence.At(meeting, Math.Min(projection.ClosedAtMs(ballotId) ?? long.MaxValue, definition.ClosesAt?.ToUnixTimeMilliseconds() ?? long.MaxValue))
            : null;
        return new BallotReport
        {
            PresenceAtClose = presence,
            Ballot = ballot,
            Status = status,
            Certified = certification is not null,
            Counted = counted,
            Ignored = ignored,
            Trackers = trackers,
            Batches = batches,
            TurnoutByGateway = valid.GroupBy(v => GatewayOf(v, authority)).ToDictionary(g => g.Key, g => g.Count()),
            Conflicts = conflicts,
            AwaitingCloseSeen = certification is null ? awaiting : [],
            Eligible = eligible,
            Result = tally.Ok ? tally.Value : null,
            TallyProblem = tally.Ok ? null : tally.Error!.Message,
        };
    }

    /// <summary>The gateway a vote was cast at: its author, or the gateway whose ballot box wrote it.</summary>
    public static Bytes32 GatewayOf(VoteRecord vote, AuthorityTable authority)
    {
        ArgumentNullException.ThrowIfNull(vote);
        ArgumentNullException.ThrowIfNull(authority);
        return authority.BallotBoxes.TryGetValue(vote.Author, out var box) ? box.Gateway : vote.Author;
    }

    /// <summary>
    /// The box seq through which <paramref name="box"/>'s votes on the ballot count: unlimited until its gateway writes
    /// CloseSeen, then the seq its CloseSeen names (none for a CloseSeen from before ballot boxes), and no further than a
    /// certification lists (none when it does not list the box).
    /// </summary>
    private static long BoxThrough(BallotBoxBinding box, string ballotId, AssemblyProjection projection, Certification? certification)
    {
        var through = projection.CloseSeen(ballotId, box.Gateway) is { } seen ? seen.BoxThrough ?? 0 : long.MaxValue;
        if (certification is not null) through = Math.Min(through, certification.Feeds.GetValueOrDefault(box.Box, 0));
        return through;
    }

    /// <summary>The ballot's batches of receipts, per gateway in box-seq order, numbered from 1, with whether each counts.</summary>
    private static List<ReceiptBatch> Batches(AssemblyProjection projection, AuthorityTable authority, string ballotId, Certification? certification)
    {
        var batches = new List<ReceiptBatch>();
        foreach (var byBox in projection.Receipts(ballotId).GroupBy(r => r.Box))
        {
            if (!authority.BallotBoxes.TryGetValue(byBox.Key, out var box)) continue;
            var through = BoxThrough(box, ballotId, projection, certification);
            var number = 0;
            foreach (var receipts in byBox.OrderBy(r => r.Seq))
                batches.Add(new ReceiptBatch(box.Gateway, ++number, receipts.Trackers, receipts.Seq <= through, receipts.EventId));
        }
        batches.Sort((a, b) => a.Gateway != b.Gateway ? a.Gateway.CompareTo(b.Gateway) : a.Number.CompareTo(b.Number));
        return batches;
    }

    /// <summary>Why a vote event does not count, or null when it is valid (before the revote rule).</summary>
    private static string? Invalid(VoteRecord vote, BallotDefinition ballot, AssemblyProjection projection, AuthorityTable authority, Certification? certification)
    {
        if (!projection.IsOpened(ballot.Id)) return "the ballot was never opened";
        if (authority.BallotBoxes.TryGetValue(vote.Author, out var box))
        {
            // A ballot box holds secret votes only; they count through the seq its gateway's CloseSeen names.
            if (!ballot.Secret) return "a ballot box takes only secret votes; an open vote belongs in its gateway's feed";
            if (vote.Seq > BoxThrough(box, ballot.Id, projection, null))
                return projection.CloseSeen(ballot.Id, box.Gateway) is { BoxThrough: null } ? "its gateway's CloseSeen admits no ballot-box votes" : "published after its gateway saw the close";
            if (certification is not null && (!certification.Feeds.TryGetValue(box.Box, out var boxCertified) || vote.Seq > boxCertified))
                return "not among the feeds the certified result includes";
        }
        else
        {
            // Once a gateway has a ballot box, its own feed (precise times, cast order) takes no secret votes.
            if (ballot.Secret && authority.BallotBoxOf(vote.Author) is { } declared && vote.Seq > declared.DeclaredAtSeq)
                return "a secret vote outside its gateway's ballot box";
            if (projection.CloseSeenAt(ballot.Id, vote.Author) is { } closeSeen && vote.Seq > closeSeen) return "cast after its gateway saw the close";
            if (certification is not null && (!certification.Feeds.TryGetValue(vote.Author, out var through) || vote.Seq > through))
                return "not among the feeds the certified result includes";
        }
        if (ChoiceRules.Check(ballot, vote.Body.Choice, vote.Body.Objection) is { } badChoice) return badChoice;
        if (ballot.Eligibility == BallotDefinition.ByCodes)
        {
            if (vote.Body.Credential is { } credential)
                return projection.Commitment(ballot.Id, VoterCode.Commitment(credential)) is null ? "no code issued for this ballot matches" : null;
            if (vote.Body.Code is not { } code) return "this ballot takes voter codes";
            var issue = projection.Code(VoterCode.HashOfHash(code));
            if (issue is null) return "no issued code matches";
            if (!issue.Ballots.Contains(ballot.Id, StringComparer.Ordinal)) return "the code was issued for another ballot";
            return null;
        }
        // A member card votes for the member it is enrolled to (by a facilitator; the latest enrolment counts).
        if (vote.Body.Card is { } card)
            return projection.Presence.MemberOfCard(card) == vote.Body.Member ? null : "the vote names a member the card is not enrolled to";
        if (vote.Body.Device is not { } deviceId) return "this roll-call ballot takes enrolled buttons or member cards";
        if (!authority.Devices.TryGetValue(deviceId, out var device)) return "the device is not enrolled";
        if (device.Revoked) return "the device is revoked";
        if (device.Gateway != vote.Author) return "the device is enrolled to another gateway";
        return device.Member == vote.Body.Member ? null : "the vote names a member the device is not enrolled for";
    }

    private static decimal Weight(VoteRecord vote, BallotDefinition ballot, AssemblyProjection projection, IReadOnlyList<VoteRecord> counted)
    {
        if (vote.Body.Credential is { } credential) return projection.Commitment(ballot.Id, VoterCode.Commitment(credential))?.Weight ?? 0;
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
        // An open vote is named by its receipt tracker (an objection is then traceable to its voter, as the ballot is open);
        // a secret vote by nothing, as its receipt is a random value no vote carries.
        var choices = counted.Select(v => new ChoiceBallot(v.Body.Choice.Select(c => index[c]).ToArray(), weights[v.EventId], ballot.Secret ? null : ReceiptTracker.Of(v.EventId), v.Body.Objection)).ToArray();
        if (method == TallyMethod.EqualShares)
        {
            var projects = ballot.Options.Select(o => new BudgetProject(o.Id, o.Cost ?? 0)).ToArray();
            return EqualShares.Count(new BudgetInstance(projects, choices, ballot.Budget ?? 0), rules.Value!);
        }
        return Kiosk.Voting.Tally.Tally.Count(method, new ChoiceElection(names, choices), rules.Value!);
    }
}
