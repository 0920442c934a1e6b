using System.Globalization;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Consent: the proposal passes unless someone objects. Each ballot says <c>consent</c>, <c>stand-aside</c> (does not support
/// but will not block) or <c>object</c> with a reason; the result lists every objection with its reason.
/// </summary>
public static class ConsentVote
{
    /// <summary>The option names this method understands.</summary>
    public static IReadOnlyList<string> Options { get; } = ["consent", "stand-aside", "object"];

    /// <summary>Counts a consent ballot.</summary>
    public static Outcome<TallyResult> Count(ChoiceElection election, TallyRules rules)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(rules);
        if ((election.Validate() ?? rules.Validate()) is { } error) return error;
        foreach (var option in election.Options)
        {
            if (!Options.Contains(option, StringComparer.OrdinalIgnoreCase))
                return new TallyError($"'{option}' is not a consent option (expected consent, stand-aside or object)");
        }
        var totals = new decimal[Options.Count];
        var objections = new List<Objection>();
        var spoilt = 0m;
        foreach (var b in election.Ballots)
        {
            var chosen = b.Choices.Distinct().ToArray();
            if (chosen.Length != 1) { spoilt += b.Weight; continue; }
            var kind = Options.ToList().FindIndex(o => string.Equals(o, election.Options[chosen[0]], StringComparison.OrdinalIgnoreCase));
            totals[kind] += b.Weight;
            if (kind == 2 && b.Weight > 0) objections.Add(new Objection(b.Reason ?? "", b.Weight, b.Id));
        }
        var passed = totals[2] == 0;
        var reason = passed
            ? $"passed: no objections ({totals[0].ToString(CultureInfo.InvariantCulture)} consent, {totals[1].ToString(CultureInfo.InvariantCulture)} stand aside)"
            : $"blocked: {objections.Count} objection(s)";
        var notes = new List<string> { reason };
        notes.AddRange(objections.Select(o => $"objection{(o.Id is null ? "" : $" ({o.Id})")}: {(o.Reason.Length == 0 ? "(no reason given)" : o.Reason)}"));
        if (spoilt > 0) notes.Add($"{spoilt.ToString(CultureInfo.InvariantCulture)} spoilt vote(s)");
        return new TallyResult
        {
            Method = TallyMethod.Consent,
            Candidates = Options,
            Winners = passed ? ["consent"] : [],
            Rounds =
            [
                new TallyRound
                {
                    Round = 1,
                    Tally = Options.Select((o, i) => new NamedValue(o, totals[i])).ToArray(),
                    Elected = passed ? ["consent"] : [],
                    Notes = notes,
                },
            ],
            TotalVotes = totals.Sum() + spoilt,
            Decision = new TallyDecision(passed, reason, Participation: totals.Sum()),
            Objections = objections,
        };
    }
}
