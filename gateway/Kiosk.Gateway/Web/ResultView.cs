using System.Text;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tally;
using static Kiosk.Gateway.Web.Html;

namespace Kiosk.Gateway.Web;

/// <summary>A ballot's result as HTML: the decision or winners, a chart, and for counts in rounds each round step by step.</summary>
public static class ResultView
{
    /// <summary>The status badge: open, provisional or final.</summary>
    public static string Badge(BallotReport report, PageText t)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(t);
        var status = report.Status switch { BallotStatus.Draft => "draft", BallotStatus.Open => "open", BallotStatus.Provisional => "provisional", _ => "final" };
        return $"<span class=\"badge badge-{status}\">{t.H("Status_" + status)}{(report.Certified ? " · " + t.H("Certified") : "")}</span>";
    }

    /// <summary>The result section (nothing when there is no tally).</summary>
    public static string Render(BallotReport report, PageText t, string language, bool roundsOpen = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(t);
        var ballot = report.Ballot.Definition;
        if (report.Result is not { } result) return report.TallyProblem is null ? "" : $"<p>{E(report.TallyProblem)}</p>";
        string L(string id) => BallotView.Label(ballot, id, language);
        var html = new StringBuilder("<div class=\"result\">");
        if (result.Decision is { } decision)
            html.Append("<p class=\"decision ").Append(decision.Passed ? "passed" : "failed").Append("\">").Append(t.H(decision.Passed ? "Passed" : "NotPassed")).Append("</p><p class=\"reason\">").Append(E(decision.Reason)).Append("</p>");
        else if (result.Winners.Count > 0)
            html.Append("<p class=\"decision passed\">").Append(t.H(result.Winners.Count == 1 ? "Winner" : "Winners")).Append(' ').Append(E(string.Join(", ", result.Winners.Select(L)))).Append("</p>");
        var winners = result.Winners.Select(L).ToHashSet(StringComparer.Ordinal);
        var rounds = result.Rounds;
        if (rounds.Count > 0)
        {
            var last = rounds[^1];
            var chartTitle = t.T("ResultChart", BallotView.Title(ballot, language));
            html.Append(SvgChart.Bars(chartTitle, last.Tally.Select(v => (L(v.Name), v.Value)).ToList(), winners));
        }
        if (result.Objections is { Count: > 0 } objections)
        {
            html.Append("<h4>").Append(t.H("Objections")).Append("</h4><ul>");
            foreach (var o in objections) html.Append("<li>").Append(E(o.Reason)).Append("</li>");
            html.Append("</ul>");
        }
        if (result.Budget is { } budget)
            html.Append("<p>").Append(t.H("BudgetSpent", N(budget.Spent), N(budget.Budget))).Append("</p>");
        if (rounds.Count > 1)
        {
            html.Append("<details class=\"rounds\"").Append(roundsOpen ? " open" : "").Append("><summary>").Append(t.H("RoundsTitle", rounds.Count)).Append("</summary><ol class=\"round-list\">");
            foreach (var round in rounds)
            {
                var elected = round.Elected.Select(L).ToHashSet(StringComparer.Ordinal);
                html.Append("<li class=\"round\"><h4>").Append(t.H("Round", round.Round)).Append("</h4>");
                html.Append(SvgChart.Bars(t.T("Round", round.Round), round.Tally.Select(v => (L(v.Name), v.Value)).ToList(), elected, round.Threshold));
                if (round.Elected.Count > 0) html.Append("<p>").Append(t.H("ElectedThisRound", string.Join(", ", round.Elected.Select(L)))).Append("</p>");
                if (round.Eliminated.Count > 0) html.Append("<p>").Append(t.H("EliminatedThisRound", string.Join(", ", round.Eliminated.Select(L)))).Append("</p>");
                foreach (var note in round.Notes) html.Append("<p class=\"note\">").Append(E(note)).Append("</p>");
                html.Append("</li>");
            }
            html.Append("</ol></details>");
        }
        html.Append("</div>");
        return html.ToString();
    }
}
