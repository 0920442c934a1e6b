using System.Globalization;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Yes / no / abstain with a quorum and a threshold. Abstentions count towards the quorum (they are taking part) but not towards
/// the threshold (the share is of yes + no only). The quorum is a fraction of the eligible voters or of the voter codes issued.
/// A ballot choosing anything other than exactly one of yes, no, abstain is spoilt and counts for neither.
/// </summary>
public static class YesNoVote
{
    /// <summary>The option names this method understands.</summary>
    public static IReadOnlyList<string> Options { get; } = ["yes", "no", "abstain"];

    /// <summary>Counts a yes/no/abstain ballot.</summary>
    public static Outcome<TallyResult> Count(ChoiceElection election, TallyRules rules)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(rules);
        if ((election.Validate() ?? rules.Validate()) is { } error) return error;
        var index = Options.Select(o => election.Options.ToList().FindIndex(x => string.Equals(x, o, StringComparison.OrdinalIgnoreCase))).ToArray();
        foreach (var option in election.Options)
        {
            if (!Options.Contains(option, StringComparer.OrdinalIgnoreCase))
                return new TallyError($"'{option}' is not a yes/no/abstain option (expected yes, no or abstain)");
        }
        decimal yes = 0, no = 0, abstain = 0, spoilt = 0;
        foreach (var b in election.Ballots)
        {
            var chosen = b.Choices.Distinct().ToArray();
            if (chosen.Length != 1) { spoilt += b.Weight; continue; }
            if (chosen[0] == index[0]) yes += b.Weight;
            else if (chosen[0] == index[1]) no += b.Weight;
            else abstain += b.Weight;
        }
        var participation = yes + no + abstain;
        bool? quorumMet = null;
        decimal? required = null;
        if (rules.QuorumBase is { } qbase)
        {
            required = qbase * rules.QuorumFraction;
            quorumMet = participation >= required;
        }
        var decided = yes + no;
        var (thresholdMet, rule) = rules.Threshold switch
        {
            YesNoThreshold.SimpleMajority => (yes > no, "more yes than no"),
            YesNoThreshold.TwoThirds => (decided > 0 && yes * 3 >= decided * 2, "at least two thirds of yes + no"),
            YesNoThreshold.ThreeQuarters => (decided > 0 && yes * 4 >= decided * 3, "at least three quarters of yes + no"),
            _ => (no == 0 && yes > 0, "no vote against and at least one for"),
        };
        var passed = quorumMet != false && thresholdMet;
        var reason = quorumMet == false
            ? $"quorum not met: {Num(participation)} took part, {Num(required!.Value)} needed ({Num(rules.QuorumFraction)} of {Num(rules.QuorumBase!.Value)} {rules.QuorumBasis})"
            : thresholdMet
                ? $"passed: yes {Num(yes)}, no {Num(no)} ({rule}); abstentions ({Num(abstain)}) count for quorum only"
                : $"not passed: yes {Num(yes)}, no {Num(no)} does not reach {rule}; abstentions ({Num(abstain)}) count for quorum only";
        var notes = new List<string> { reason };
        if (spoilt > 0) notes.Add($"{Num(spoilt)} spoilt vote(s) (not exactly one of yes, no, abstain)");
        return new TallyResult
        {
            Method = TallyMethod.YesNo,
            Candidates = Options,
            Winners = passed ? ["yes"] : [],
            Rounds =
            [
                new TallyRound
                {
                    Round = 1,
                    Tally = [new("yes", yes), new("no", no), new("abstain", abstain)],
                    Elected = passed ? ["yes"] : [],
                    Notes = notes,
                },
            ],
            TotalVotes = participation + spoilt,
            Decision = new TallyDecision(passed, reason, quorumMet, required, participation),
            RulesUsed =
            [
                new("threshold", TallyRules.Name(rules.Threshold)),
                new("quorum", rules.QuorumBase is null ? "none" : $"{Num(rules.QuorumFraction)} of {Num(rules.QuorumBase.Value)} {rules.QuorumBasis}"),
            ],
        };
    }

    private static string Num(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
