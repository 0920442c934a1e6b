using System.Text;
using Kiosk.Gateway.Host;
using Kiosk.Voting.Ballots;
using static Kiosk.Gateway.Web.Html;

namespace Kiosk.Gateway.Web;

/// <summary>
/// <c>/board</c>: the wall display, read-only. Notices, open ballots with live turnout, results (when the ballot
/// shows live results, or once closed) with charts and rounds, counted receipt trackers, provisional/final badges.
/// </summary>
public static class BoardPage
{
    /// <summary>Maps the board's routes on the resident surface.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var board = app.MapGroup("/board").WithMetadata(new SurfaceMetadata(Surface.Resident));
        board.MapGet("", (HttpContext http, GatewayContext context, TextCatalog catalog) =>
        {
            var t = catalog.For(http.Request.Query["lang"].FirstOrDefault());
            var header = $"<header class=\"bar\"><span class=\"assembly\">{E(context.AssemblyName)}</span><nav aria-label=\"{t.H("ChooseLanguage")}\" class=\"langs\">" +
                string.Concat(catalog.Languages.Select(l => $"<a href=\"/board?lang={l}\" lang=\"{l}\"{(l == t.Language ? " aria-current=\"true\"" : "")}>{catalog.For(l).H("LanguageName")}</a>")) + "</nav></header>\n";
            var main = $"<h1>{t.H("BoardTitle")}</h1>\n<div id=\"board\" data-live-src=\"/board/fragment?lang={t.Language}\">{Content(context, t)}</div>";
            var layout = new PageLayout { Surface = "board", LiveUrl = "/board/live", NoScriptRefreshSeconds = 30, Header = header };
            return Html.Page(layout.Render(t, t.T("BoardTitle") + " — " + context.AssemblyName, main));
        });
        board.MapGet("/fragment", (HttpContext http, GatewayContext context, TextCatalog catalog) =>
            Html.Page(Content(context, catalog.For(http.Request.Query["lang"].FirstOrDefault()))));
        board.MapGet("/live", (HttpContext http, GatewayContext context) => LiveStream.Serve(http, context, buttons: false));
    }

    /// <summary>The board's live content.</summary>
    public static string Content(GatewayContext context, PageText t)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(t);
        var html = new StringBuilder();
        var notices = BallotView.Notices(context);
        if (notices.Count > 0)
        {
            html.Append("<section aria-labelledby=\"board-notices\"><h2 id=\"board-notices\">").Append(t.H("Notices")).Append("</h2><div class=\"notices\">");
            foreach (var n in notices)
                html.Append("<article class=\"notice\"><h3>").Append(E(Translations.Pick(n.Body.Title, t.Language))).Append("</h3><p>").Append(E(Translations.Pick(n.Body.Text, t.Language))).Append("</p></article>");
            html.Append("</div></section>");
        }
        var reports = BallotView.Reports(context).Where(r => r.Status != BallotStatus.Draft).ToList();
        if (reports.Count == 0) html.Append("<p>").Append(t.H("NoBallotsYet")).Append("</p>");
        foreach (var report in reports)
        {
            var ballot = report.Ballot.Definition;
            html.Append("<section class=\"ballot\" id=\"ballot-").Append(E(ballot.Id)).Append("\" aria-labelledby=\"h-").Append(E(ballot.Id)).Append("\"><h2 id=\"h-").Append(E(ballot.Id)).Append("\">")
                .Append(E(BallotView.Title(ballot, t.Language))).Append(' ').Append(ResultView.Badge(report, t)).Append("</h2>");
            var turnout = report.Counted.Count;
            html.Append("<p class=\"turnout\" data-turnout=\"").Append(E(ballot.Id)).Append("\">").Append(report.Eligible > 0 ? t.H("TurnoutOf", turnout, N(report.Eligible)) : t.H("VotesSoFar", turnout)).Append("</p>");
            if (report.ResultsVisible && report.Counted.Count == 0) html.Append("<p class=\"muted\">").Append(t.H("NoVotesYet")).Append("</p>");
            else if (report.ResultsVisible) html.Append(ResultView.Render(report, t, t.Language, roundsOpen: false));
            else html.Append("<p class=\"muted\">").Append(t.H("ResultsAfterClose")).Append("</p>");
            // Secret votes' receipts are listed by batch (a tracker proves its vote is in that batch, not which vote it is);
            // open votes' receipts, and secret votes' from before ballot boxes, each stand alone.
            var batched = report.Batches.SelectMany(b => b.Trackers).ToHashSet(StringComparer.Ordinal);
            var single = report.Trackers.Where(tracker => !batched.Contains(tracker)).ToList();
            if (single.Count > 0)
            {
                html.Append("<details class=\"trackers\" open><summary>").Append(t.H("CountedTrackers", single.Count)).Append("</summary><ul class=\"tracker-list\">");
                foreach (var tracker in single) html.Append("<li>").Append(E(tracker)).Append("</li>");
                html.Append("</ul></details>");
            }
            if (report.Batches.Count > 0)
            {
                html.Append("<details class=\"trackers batches\" open><summary>").Append(t.H("BatchReceipts", report.Batches.Sum(b => b.Trackers.Count))).Append("</summary>");
                foreach (var batch in report.Batches)
                {
                    var gateway = context.Ledger.Authority.Members.TryGetValue(batch.Gateway, out var member) ? member.Name : batch.Gateway.ShortHex;
                    html.Append("<h3 class=\"batch\">").Append(t.H("BatchOf", batch.Number, gateway)).Append(batch.Counts ? "" : " — " + t.H("BatchNotCounted")).Append("</h3><ul class=\"tracker-list\">");
                    foreach (var tracker in batch.Trackers) html.Append("<li>").Append(E(tracker)).Append("</li>");
                    html.Append("</ul>");
                }
                html.Append("</details>");
            }
            html.Append("</section>");
        }
        return html.ToString();
    }
}
