using System.Text;
using Kiosk.Gateway.Host;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tally;
using static Kiosk.Gateway.Web.Html;

namespace Kiosk.Gateway.Web;

/// <summary>
/// The kiosk's screens, each asking one thing: language, code, ballot, choice, objection, review, receipt. Every
/// screen after the welcome is one form that carries the visit in hidden fields and posts to <c>/kiosk</c>.
/// </summary>
public sealed class KioskScreens(GatewayContext context, TextCatalog catalog)
{
    /// <summary>The welcome screen: notices, open ballots and the language buttons that start a visit.</summary>
    public string Welcome(KioskVisit visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var t = catalog.For(visit.Lang);
        var main = new StringBuilder();
        main.Append("<h1>").Append(t.H("WelcomeTitle")).Append("</h1>\n<p class=\"lead\">").Append(t.H("WelcomeLead")).Append("</p>\n");
        main.Append("<nav aria-label=\"").Append(t.H("ChooseLanguage")).Append("\" class=\"choices languages\">\n");
        foreach (var language in catalog.Languages)
        {
            var lt = catalog.For(language);
            main.Append("<a class=\"choice\" lang=\"").Append(language).Append("\" href=\"/kiosk/code?lang=").Append(language).Append("&amp;size=").Append(E(visit.Size)).Append("\">")
                .Append("<span class=\"big\">").Append(lt.H("LanguageName")).Append("</span><span>").Append(lt.H("StartInLanguage")).Append("</span></a>\n");
        }
        main.Append("</nav>\n");
        main.Append("<div id=\"live\" data-live-src=\"/kiosk/fragment").Append(E(visit.Query)).Append("\">").Append(LiveRegion(visit)).Append("</div>\n");
        return Layout(visit, idle: false).Render(t, t.T("WelcomeTitle") + " — " + context.AssemblyName, main.ToString());
    }

    /// <summary>The welcome screen's live part: notices and open ballots with turnout (refreshed by server-sent events).</summary>
    public string LiveRegion(KioskVisit visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var t = catalog.For(visit.Lang);
        var html = new StringBuilder();
        var notices = BallotView.Notices(context);
        html.Append("<section aria-labelledby=\"notices-h\"><h2 id=\"notices-h\">").Append(t.H("Notices")).Append("</h2>");
        if (notices.Count == 0) html.Append("<p>").Append(t.H("NoNotices")).Append("</p>");
        foreach (var n in notices)
            html.Append("<article class=\"notice\"><h3>").Append(E(Translations.Pick(n.Body.Title, visit.Lang))).Append("</h3><p>").Append(E(Translations.Pick(n.Body.Text, visit.Lang))).Append("</p></article>");
        html.Append("</section>\n<section aria-labelledby=\"open-h\"><h2 id=\"open-h\">").Append(t.H("OpenBallots")).Append("</h2>");
        var open = BallotView.OpenHere(context);
        if (open.Count == 0) html.Append("<p>").Append(t.H("NoOpenBallots")).Append("</p>");
        else html.Append("<ul class=\"ballots\">");
        foreach (var b in open)
        {
            var turnout = context.Desk.Report(b.Id)?.Counted.Count ?? 0;
            html.Append("<li><span>").Append(E(BallotView.Title(b, visit.Lang))).Append("</span> <span class=\"turnout\" data-turnout=\"").Append(E(b.Id)).Append("\">")
                .Append(t.H("VotesSoFar", turnout)).Append("</span></li>");
        }
        if (open.Count > 0) html.Append("</ul>");
        html.Append("</section>");
        return html.ToString();
    }

    /// <summary>The code screen: a large keypad and a text field; a mistyped code comes back with a plain reason.</summary>
    public string Code(KioskVisit visit, string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var t = catalog.For(visit.Lang);
        var main = new StringBuilder();
        main.Append("<form id=\"step\" method=\"post\" action=\"/kiosk\" autocomplete=\"off\">").Append(Hidden("screen", "code")).Append(Hidden("lang", visit.Lang)).Append(Hidden("size", visit.Size));
        main.Append("<h1><label for=\"code\">").Append(t.H("EnterCode")).Append("</label></h1>\n<p class=\"lead\" id=\"code-help\">").Append(t.H("EnterCodeHelp")).Append("</p>\n");
        if (problem is not null) main.Append("<p class=\"problem\" role=\"alert\" id=\"code-problem\">").Append(E(problem)).Append("</p>\n");
        main.Append("<input id=\"code\" name=\"code\" class=\"code-input\" value=\"").Append(E(visit.Code)).Append("\" autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" maxlength=\"20\" ")
            .Append("aria-describedby=\"code-help").Append(problem is null ? "" : " code-problem").Append('"').Append(problem is null ? "" : " aria-invalid=\"true\"").Append(">\n");
        main.Append("<div class=\"keypad\" role=\"group\" aria-label=\"").Append(t.H("Keypad")).Append("\">");
        foreach (var symbol in VoterCode.Alphabet)
            main.Append("<button type=\"submit\" name=\"do\" value=\"key:").Append(symbol).Append("\" class=\"key\" data-key=\"").Append(symbol).Append("\">").Append(symbol).Append("</button>");
        main.Append("<button type=\"submit\" name=\"do\" value=\"key:del\" class=\"key wide\" data-key=\"del\" aria-label=\"").Append(t.H("DeleteLast")).Append("\">⌫</button>");
        main.Append("</div>\n<div class=\"actions\">");
        main.Append("<a class=\"button secondary\" data-back href=\"/kiosk").Append(E(visit.Query)).Append("\">").Append(t.H("Back")).Append("</a>");
        main.Append("<button type=\"submit\" name=\"do\" value=\"check\" class=\"button primary\">").Append(t.H("Continue")).Append("</button></div>\n</form>");
        // Enter in the code field submits "continue": the form's default button is its first in the page, so it comes
        // before the header's text-size buttons and the keypad.
        var prelude = $"<button type=\"submit\" form=\"step\" name=\"do\" value=\"check\" class=\"default-submit\" tabindex=\"-1\" aria-hidden=\"true\">{t.H("Continue")}</button>";
        return (Layout(visit) with { Prelude = prelude }).Render(t, t.T("EnterCode"), main.ToString());
    }

    /// <summary>Choose which ballot to vote on, when the code is valid for several.</summary>
    public string ChooseBallot(KioskVisit visit, IReadOnlyList<(BallotDefinition Ballot, bool Voted)> ballots)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(ballots);
        var t = catalog.For(visit.Lang);
        var main = new StringBuilder(Form(visit with { Ballot = null }, "ballots", withChoice: false));
        main.Append("<h1>").Append(t.H("ChooseBallot")).Append("</h1>\n<div class=\"choices\">");
        foreach (var (ballot, voted) in ballots)
        {
            var used = voted && ballot.Revote == BallotDefinition.FirstCounts;
            main.Append("<button type=\"submit\" name=\"do\" value=\"ballot:").Append(E(ballot.Id)).Append("\" class=\"choice\"").Append(used ? " disabled" : "").Append('>')
                .Append("<span class=\"big\">").Append(E(BallotView.Title(ballot, visit.Lang))).Append("</span>");
            if (voted) main.Append("<span>").Append(t.H(used ? "AlreadyVoted" : "VotedCanChange")).Append("</span>");
            main.Append("</button>");
        }
        main.Append("</div>\n").Append(Actions(t, back: true)).Append("</form>");
        return Layout(visit).Render(t, t.T("ChooseBallot"), main.ToString());
    }

    /// <summary>The choice screen, by the ballot's method.</summary>
    public string Vote(KioskVisit visit, BallotDefinition ballot, string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(ballot);
        var t = catalog.For(visit.Lang);
        var main = new StringBuilder(Form(visit, "vote"));
        main.Append("<h1>").Append(E(BallotView.Title(ballot, visit.Lang))).Append("</h1>\n");
        if (ballot.Description is { Count: > 0 }) main.Append("<p class=\"lead\">").Append(E(Translations.Pick(ballot.Description, visit.Lang))).Append("</p>\n");
        if (problem is not null) main.Append("<p class=\"problem\" role=\"alert\">").Append(E(problem)).Append("</p>\n");
        var method = ballot.TallyMethod;
        if (method is TallyMethod.YesNo or TallyMethod.Consent or TallyMethod.Plurality)
        {
            main.Append("<p class=\"how\">").Append(t.H("HowChooseOne")).Append("</p><div class=\"choices\">");
            foreach (var option in ballot.Options)
                main.Append("<button type=\"submit\" name=\"do\" value=\"pick:").Append(E(option.Id)).Append("\" class=\"choice option-").Append(E(option.Id)).Append('"')
                    .Append(visit.Selection.Contains(option.Id) ? " aria-current=\"true\"" : "").Append("><span class=\"big\">").Append(E(Translations.Pick(option.Label, visit.Lang))).Append("</span>")
                    .Append(OptionDescription(option, visit.Lang)).Append("</button>");
            main.Append("</div>\n").Append(Actions(t, back: true));
        }
        else if (method.IsRanked())
        {
            main.Append("<p class=\"how\">").Append(t.H("HowRank")).Append(ballot.Seats > 1 ? " " + t.H("SeatsToFill", ballot.Seats) : "").Append("</p>");
            main.Append("<h2>").Append(t.H("YourRanking")).Append("</h2>");
            if (visit.Selection.Count == 0) main.Append("<p class=\"empty\">").Append(t.H("NothingRankedYet")).Append("</p>");
            else
            {
                main.Append("<ol class=\"ranking\">");
                foreach (var id in visit.Selection) main.Append("<li>").Append(E(BallotView.Label(ballot, id, visit.Lang))).Append("</li>");
                main.Append("</ol>");
            }
            var unranked = ballot.Options.Where(o => !visit.Selection.Contains(o.Id)).ToList();
            if (unranked.Count > 0)
            {
                main.Append("<h2>").Append(t.H("TapNext", visit.Selection.Count + 1)).Append("</h2><div class=\"choices\">");
                foreach (var option in unranked)
                    main.Append("<button type=\"submit\" name=\"do\" value=\"tap:").Append(E(option.Id)).Append("\" class=\"choice\"><span class=\"big\">").Append(E(Translations.Pick(option.Label, visit.Lang))).Append("</span>")
                        .Append(OptionDescription(option, visit.Lang)).Append("</button>");
                main.Append("</div>");
            }
            main.Append("<div class=\"actions\">").Append(BackButton(t));
            if (visit.Selection.Count > 0) main.Append("<button type=\"submit\" name=\"do\" value=\"undo\" class=\"button secondary\">").Append(t.H("UndoLast")).Append("</button>");
            main.Append("<button type=\"submit\" name=\"do\" value=\"review\" class=\"button primary\"").Append(visit.Selection.Count == 0 ? " disabled" : "").Append('>').Append(t.H("ReviewVote")).Append("</button></div>");
        }
        else
        {
            var budget = method == TallyMethod.EqualShares;
            main.Append("<p class=\"how\">").Append(t.H(budget ? "HowBudget" : "HowApprove")).Append("</p>");
            if (budget)
            {
                var spent = visit.Selection.Sum(id => ballot.Option(id)?.Cost ?? 0);
                var total = ballot.Budget ?? 0;
                main.Append("<p class=\"total\" role=\"status\" aria-live=\"polite\">").Append(t.H("BudgetTotal", N(spent), N(total), N(total - spent))).Append("</p>");
                main.Append("<meter min=\"0\" max=\"").Append(N(total)).Append("\" value=\"").Append(N(spent)).Append("\" aria-label=\"").Append(t.H("BudgetUsed")).Append("\"></meter>");
            }
            main.Append("<div class=\"choices\">");
            foreach (var option in ballot.Options)
            {
                var chosen = visit.Selection.Contains(option.Id);
                main.Append("<button type=\"submit\" name=\"do\" value=\"toggle:").Append(E(option.Id)).Append("\" class=\"choice toggle\" aria-pressed=\"").Append(chosen ? "true" : "false").Append("\">")
                    .Append("<span class=\"tick\" aria-hidden=\"true\">").Append(chosen ? "✓" : "").Append("</span><span class=\"big\">").Append(E(Translations.Pick(option.Label, visit.Lang))).Append("</span>");
                if (budget) main.Append("<span class=\"cost\">").Append(t.H("Cost", N(option.Cost ?? 0))).Append("</span>");
                main.Append(OptionDescription(option, visit.Lang)).Append("</button>");
            }
            main.Append("</div><div class=\"actions\">").Append(BackButton(t))
                .Append("<button type=\"submit\" name=\"do\" value=\"review\" class=\"button primary\">").Append(t.H("ReviewVote")).Append("</button></div>");
        }
        main.Append("</form>");
        return Layout(visit).Render(t, BallotView.Title(ballot, visit.Lang), main.ToString());
    }

    /// <summary>After "object" on a consent ballot: an optional reason.</summary>
    public string Objection(KioskVisit visit, BallotDefinition ballot)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var t = catalog.For(visit.Lang);
        var main = new StringBuilder(Form(visit with { Objection = "" }, "objection"));
        main.Append("<h1><label for=\"obj\">").Append(t.H("ObjectionReason")).Append("</label></h1>\n<p class=\"lead\" id=\"obj-help\">").Append(t.H("ObjectionHelp")).Append("</p>");
        main.Append("<textarea id=\"obj\" name=\"obj\" rows=\"4\" maxlength=\"").Append(KioskVisit.MaxObjection).Append("\" aria-describedby=\"obj-help\">").Append(E(visit.Objection)).Append("</textarea>");
        main.Append(Actions(t, back: true, next: ("review", "ReviewVote"))).Append("</form>");
        return Layout(visit).Render(t, BallotView.Title(ballot, visit.Lang), main.ToString());
    }

    /// <summary>Review: the choice in words, then confirm or change.</summary>
    public string Review(KioskVisit visit, BallotDefinition ballot)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(ballot);
        var t = catalog.For(visit.Lang);
        var main = new StringBuilder(Form(visit, "review"));
        main.Append("<h1>").Append(t.H("ReviewTitle")).Append("</h1>\n<p class=\"lead\">").Append(E(BallotView.Title(ballot, visit.Lang))).Append("</p>\n<div class=\"summary\" id=\"summary\">");
        if (visit.Selection.Count == 0) main.Append("<p>").Append(t.H("NoOptionChosen")).Append("</p>");
        else if (ballot.IsRanked)
        {
            main.Append("<ol>");
            foreach (var id in visit.Selection) main.Append("<li>").Append(E(BallotView.Label(ballot, id, visit.Lang))).Append("</li>");
            main.Append("</ol>");
        }
        else
        {
            main.Append("<ul>");
            foreach (var id in visit.Selection) main.Append("<li>").Append(E(BallotView.Label(ballot, id, visit.Lang))).Append("</li>");
            main.Append("</ul>");
        }
        if (ballot.TallyMethod == TallyMethod.EqualShares)
            main.Append("<p>").Append(t.H("BudgetTotal", N(visit.Selection.Sum(id => ballot.Option(id)?.Cost ?? 0)), N(ballot.Budget ?? 0), N((ballot.Budget ?? 0) - visit.Selection.Sum(id => ballot.Option(id)?.Cost ?? 0)))).Append("</p>");
        if (visit.Objection.Length > 0) main.Append("<p>").Append(t.H("YourReason")).Append(' ').Append(E(visit.Objection)).Append("</p>");
        main.Append("</div>\n<div class=\"actions\"><button type=\"submit\" name=\"do\" value=\"edit\" class=\"button secondary\" data-back>").Append(t.H("Change")).Append("</button>")
            .Append("<button type=\"submit\" name=\"do\" value=\"confirm\" class=\"button primary\">").Append(t.H("ConfirmVote")).Append("</button></div></form>");
        return Layout(visit).Render(t, t.T("ReviewTitle"), main.ToString());
    }

    /// <summary>
    /// The receipt: the vote's tracker, what it proves (a secret vote's: that it is in a batch the board lists, once the
    /// batch is published; never the choice), and the next ballot this code may vote on.
    /// </summary>
    public string Receipt(KioskVisit visit, BallotDefinition ballot, string tracker, BallotDefinition? next)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(ballot);
        var t = catalog.For(visit.Lang);
        var main = new StringBuilder(Form(visit with { Ballot = null }, "receipt", withChoice: false));
        main.Append("<h1>").Append(t.H("VoteRecorded")).Append("</h1>\n<p class=\"lead\">").Append(E(BallotView.Title(ballot, visit.Lang))).Append("</p>\n");
        main.Append("<p>").Append(t.H("YourReceipt")).Append("</p><p class=\"tracker\" id=\"tracker\">").Append(E(tracker)).Append("</p><p>")
            .Append(ballot.Secret ? t.H("ReceiptHelpBatch", ballot.EffectiveBatchSize, (int)ballot.BatchWindow.TotalMinutes) : t.H("ReceiptHelp")).Append("</p>");
        main.Append("<div class=\"actions\">");
        if (next is not null)
            main.Append("<button type=\"submit\" name=\"do\" value=\"ballot:").Append(E(next.Id)).Append("\" class=\"button secondary\">").Append(t.H("NextBallot", BallotView.Title(next, visit.Lang))).Append("</button>");
        main.Append("<a class=\"button primary\" href=\"/kiosk?reset=1\" data-finish>").Append(t.H("Finish")).Append("</a></div></form>");
        return Layout(visit).Render(t, t.T("VoteRecorded"), main.ToString());
    }

    /// <summary>A refusal the resident cannot fix on this screen (used code, ballot closed): say it and start again.</summary>
    public string Refused(KioskVisit visit, string message)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var t = catalog.For(visit.Lang);
        var main = new StringBuilder();
        main.Append("<h1>").Append(t.H("NotRecorded")).Append("</h1>\n<p class=\"problem\" role=\"alert\">").Append(E(message)).Append("</p>\n");
        main.Append("<div class=\"actions\"><a class=\"button primary\" href=\"/kiosk?reset=1\">").Append(t.H("StartAgain")).Append("</a></div>");
        return Layout(visit).Render(t, t.T("NotRecorded"), main.ToString());
    }

    private static string OptionDescription(BallotOption option, string language) =>
        option.Description is { Count: > 0 } ? "<span class=\"detail\">" + E(Translations.Pick(option.Description, language)) + "</span>" : "";

    private static string Form(KioskVisit visit, string screen, bool withChoice = true) =>
        "<form id=\"step\" method=\"post\" action=\"/kiosk\" autocomplete=\"off\">" + Hidden("screen", screen) + visit.Fields(withChoice) + "\n";

    private static string BackButton(PageText t) =>
        "<button type=\"submit\" name=\"do\" value=\"back\" class=\"button secondary\" data-back formnovalidate>" + t.H("Back") + "</button>";

    private static string Actions(PageText t, bool back, (string Action, string Text)? next = null) =>
        "<div class=\"actions\">" + (back ? BackButton(t) : "") +
        (next is { } n ? $"<button type=\"submit\" name=\"do\" value=\"{n.Action}\" class=\"button primary\">{t.H(n.Text)}</button>" : "") + "</div>\n";

    private PageLayout Layout(KioskVisit visit, bool idle = true)
    {
        var t = catalog.For(visit.Lang);
        var header = new StringBuilder("<header class=\"bar\"><span class=\"assembly\">").Append(E(context.AssemblyName)).Append("</span>");
        header.Append("<div class=\"sizes\" role=\"group\" aria-label=\"").Append(t.H("TextSize")).Append("\">");
        foreach (var size in KioskVisit.Sizes)
        {
            // On a form screen the size buttons submit the form (keeping the half-made choice); on the welcome screen they are links.
            var label = t.H("TextSize_" + size);
            if (idle)
                header.Append("<button type=\"submit\" form=\"step\" name=\"setsize\" value=\"").Append(size).Append("\" class=\"size size-").Append(size).Append("\" aria-label=\"").Append(label).Append('"')
                    .Append(size == visit.Size ? " aria-pressed=\"true\"" : " aria-pressed=\"false\"").Append(" formnovalidate>A</button>");
            else
                header.Append("<a href=\"/kiosk?lang=").Append(E(visit.Lang)).Append("&amp;size=").Append(size).Append("\" class=\"size size-").Append(size).Append("\" aria-label=\"").Append(label).Append('"')
                    .Append(size == visit.Size ? " aria-current=\"true\"" : "").Append(">A</a>");
        }
        header.Append("</div></header>\n");
        var idleMs = (int)context.Options.IdleTimeout.TotalMilliseconds;
        return new PageLayout
        {
            Surface = "kiosk",
            Size = visit.Size,
            Header = header.ToString(),
            LiveUrl = "/kiosk/live",
            IdleMs = idle || visit.Lang != TextCatalog.DefaultLanguage || visit.Size != "m" ? idleMs : null,
            ResetUrl = "/kiosk?reset=1",
            NoScriptRefreshSeconds = idle ? Math.Max(1, idleMs / 1000) : null,
            NoScriptRefreshUrl = idle ? "/kiosk?reset=1" : null,
        };
    }
}
