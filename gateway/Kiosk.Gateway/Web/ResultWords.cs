using System.Text.RegularExpressions;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tally;

namespace Kiosk.Gateway.Web;

/// <summary>
/// A result in words a resident reads at a glance, in the page's language: "Valid once 30 people have voted" rather
/// than the tally engine's "30.0 needed (0.5 of 60 codes-issued)", the counts of a yes/no or consent decision with the
/// rule it needed, and the engine's round notes with option labels in place of ids.
/// </summary>
public static partial class ResultWords
{
    /// <summary>The headline of a decision: passed, not passed, or (quorum not reached) not valid (yet, while open).</summary>
    public static string Headline(TallyDecision decision, bool open, PageText text)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(text);
        if (decision.QuorumMet == false) return text.T(open ? "NotEnoughVotesYet" : "QuorumNotMet");
        return text.T(decision.Passed ? "Passed" : "NotPassed");
    }

    /// <summary>The sentences under the headline: how many voted against the quorum, or the counts and the rule.</summary>
    public static IReadOnlyList<string> Explanation(TallyResult result, BallotDefinition ballot, PageText text)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(ballot);
        ArgumentNullException.ThrowIfNull(text);
        if (result.Decision is not { } decision) return [];
        if (decision.QuorumMet == false && decision.QuorumRequired is { } required)
            return [text.Plural("ValidOnce", Math.Ceiling(required)), text.Plural("HaveVoted", decision.Participation)];
        var tally = result.Rounds.Count > 0 ? result.Rounds[^1].Tally : [];
        string Count(string id) => text.Number(tally.Where(v => v.Name == id).Select(v => v.Value).FirstOrDefault());
        return ballot.TallyMethod switch
        {
            TallyMethod.YesNo => [text.T("YesNoCounts", Count("yes"), Count("no"), Count("abstain")), text.T("Needed_" + ballot.Threshold)],
            TallyMethod.Consent => [text.T("ConsentCounts", Count("consent"), Count("stand-aside"), Count("object"))],
            _ => [],
        };
    }

    /// <summary>An engine note with each option id written as the option's label (ids are what the engine counts by).</summary>
    public static string Labelled(string note, BallotDefinition ballot, string language)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(ballot);
        return OptionId().Replace(note, m => ballot.Option(m.Value) is { } option ? Translations.Pick(option.Label, language) : m.Value);
    }

    // An option id is lower-case letters, digits and dashes; one stands alone between other characters.
    [GeneratedRegex(@"(?<![\w-])[a-z0-9][a-z0-9-]*(?![\w-])")]
    private static partial Regex OptionId();
}
