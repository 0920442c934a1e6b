using Kiosk.Gateway.Data;
using System.Text;
using Kiosk.Gateway.Host;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;
using static Kiosk.Gateway.Web.Html;

namespace Kiosk.Gateway.Web.Console;

/// <summary>The console's pages (facilitators; English).</summary>
public sealed class ConsolePages(HttpContext http, GatewayContext context, TextCatalog catalog)
{
    private readonly PageText _t = catalog.For("en");

    /// <summary>A console page around <paramref name="main"/>.</summary>
    public string Page(string title, string main, ConsoleSession? session)
    {
        var header = new StringBuilder("<header class=\"bar\"><span class=\"assembly\">").Append(E(context.AssemblyName)).Append(" · console</span>");
        if (session is not null)
        {
            header.Append("<nav aria-label=\"Console\"><a href=\"/console\">Ballots</a><a href=\"/console/ballots/new\">New ballot</a><a href=\"/console/notices\">Notices</a>")
                .Append("<a href=\"/console/devices\">Gateways and devices</a><a href=\"/console/verify\">Verify ledger</a></nav>");
            header.Append(ConsoleForms.Form(http, "/console/logout", $"<span class=\"who\">{E(session.Name)}</span> <button type=\"submit\" class=\"button small\">Log out</button>", "logout"));
        }
        header.Append("</header>\n");
        return new PageLayout { Surface = "console", Header = header.ToString(), LiveUrl = session is null ? null : "/console/live" }.Render(_t, title + " — Kiosk console", main);
    }

    /// <summary>The login form.</summary>
    public string Login(string? problem)
    {
        var locks = PassphraseLock.All(context.Data.KeysPath);
        var main = new StringBuilder("<h1>Facilitator login</h1>");
        if (problem is not null) main.Append("<p class=\"problem\" role=\"alert\">").Append(E(problem)).Append("</p>");
        if (locks.Count == 0)
        {
            main.Append("<p>No facilitator has a console passphrase yet. On the gateway, run <code>kiosk passphrase --as KEYNAME</code>.</p>");
            return Page("Login", main.ToString(), null);
        }
        var inner = new StringBuilder("<p><label for=\"who\">Facilitator</label><select id=\"who\" name=\"who\">");
        foreach (var (key, l) in locks) inner.Append("<option value=\"").Append(E(key)).Append("\">").Append(E(l.Name)).Append("</option>");
        inner.Append("</select></p><p><label for=\"passphrase\">Passphrase</label><input id=\"passphrase\" name=\"passphrase\" type=\"password\" autocomplete=\"current-password\" required></p>")
            .Append("<p><button type=\"submit\" class=\"button primary\">Log in</button></p>");
        main.Append(ConsoleForms.Form(http, "/console/login", inner.ToString(), "stack"));
        return Page("Login", main.ToString(), null);
    }

    /// <summary>The dashboard: every ballot with its status and turnout, and the drafts.</summary>
    public string Dashboard(ConsoleSession session, string? message)
    {
        var main = new StringBuilder("<h1>Ballots</h1>");
        if (message is not null) main.Append("<p class=\"ok\" role=\"status\">").Append(E(message)).Append("</p>");
        main.Append("<div data-live-src=\"/console/fragment/ballots\">").Append(BallotTable()).Append("</div>");
        var drafts = ConsoleDrafts.List(context.Data);
        main.Append("<h2>Drafts</h2>");
        if (drafts.Count == 0) main.Append("<p>No drafts. <a href=\"/console/ballots/new\">Create a ballot from a template</a>.</p>");
        else
        {
            main.Append("<ul>");
            foreach (var id in drafts) main.Append("<li><a href=\"/console/drafts/").Append(E(id)).Append("\">").Append(E(id)).Append("</a></li>");
            main.Append("</ul>");
        }
        return Page("Ballots", main.ToString(), session);
    }

    /// <summary>The ballot table (refreshed live).</summary>
    public string BallotTable()
    {
        var reports = BallotView.Reports(context);
        if (reports.Count == 0) return "<p>No ballot is published yet.</p>";
        var html = new StringBuilder("<table><thead><tr><th scope=\"col\">Ballot</th><th scope=\"col\">Method</th><th scope=\"col\">Status</th><th scope=\"col\">Votes counted</th><th scope=\"col\">Codes issued</th></tr></thead><tbody>");
        foreach (var r in reports)
        {
            var b = r.Ballot.Definition;
            html.Append("<tr><td><a href=\"/console/ballots/").Append(E(b.Id)).Append("\">").Append(E(BallotView.Title(b, "en"))).Append("</a> <code>").Append(E(b.Id)).Append("</code></td><td>").Append(E(b.Method))
                .Append("</td><td>").Append(ResultView.Badge(r, _t)).Append("</td><td>").Append(r.Counted.Count).Append("</td><td>").Append(N(r.Eligible)).Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The ballot editor: a ballot file (YAML), starting from a method's template.</summary>
    public string Editor(ConsoleSession session, string text, string? problem, string? method)
    {
        var main = new StringBuilder("<h1>Create or edit a ballot</h1><p>Start from a template:</p><ul class=\"inline\">");
        foreach (var name in BallotTemplates.All.Keys)
            main.Append("<li><a href=\"/console/ballots/new?method=").Append(E(name)).Append('"').Append(name == method ? " aria-current=\"true\"" : "").Append('>').Append(E(name)).Append("</a></li>");
        main.Append("</ul>");
        if (problem is not null) main.Append("<p class=\"problem\" role=\"alert\">").Append(E(problem)).Append("</p>");
        var inner = "<p><label for=\"ballot\">Ballot file (YAML; fields in docs/ballot-file.md)</label><textarea id=\"ballot\" name=\"ballot\" rows=\"24\" spellcheck=\"false\">" + E(text) + "</textarea></p>" +
            "<p class=\"actions\"><button type=\"submit\" name=\"do\" value=\"draft\" class=\"button secondary\">Save draft</button><button type=\"submit\" name=\"do\" value=\"publish\" class=\"button primary\">Publish ballot</button></p>";
        main.Append(ConsoleForms.Form(http, "/console/ballots", inner, "stack"));
        return Page("Ballot editor", main.ToString(), session);
    }

    /// <summary>One ballot: actions by status, turnout per gateway and button, conflicts, result with rounds, exports.</summary>
    public string Ballot(ConsoleSession session, BallotReport report, string? message)
    {
        var b = report.Ballot.Definition;
        var id = E(b.Id);
        var main = new StringBuilder("<h1>").Append(E(BallotView.Title(b, "en"))).Append(' ').Append(ResultView.Badge(report, _t)).Append("</h1>");
        if (message is not null) main.Append("<p class=\"ok\" role=\"status\">").Append(E(message)).Append("</p>");
        main.Append("<p><code>").Append(id).Append("</code> · ").Append(E(b.Method)).Append(" · ").Append(b.Options.Length).Append(" options · ").Append(E(b.Eligibility)).Append(b.Secret ? " · secret" : "").Append(" · ").Append(E(b.Revote)).Append("</p>");
        main.Append("<div class=\"actions\">");
        var opened = context.Desk.Read((p, _) => p.IsOpened(b.Id));
        var closed = context.Desk.Read((p, _) => p.IsClosedByFacilitator(b.Id));
        if (!opened) main.Append(ConsoleForms.Form(http, $"/console/ballots/{b.Id}/open", "<button type=\"submit\" class=\"button primary\">Open for votes</button>"));
        if (opened && !closed) main.Append(ConsoleForms.Form(http, $"/console/ballots/{b.Id}/close", "<button type=\"submit\" class=\"button primary\">Close the ballot</button>"));
        if (closed && !report.Certified) main.Append(ConsoleForms.Form(http, $"/console/ballots/{b.Id}/certify", "<button type=\"submit\" class=\"button primary\">Certify the result</button>"));
        main.Append("</div>");
        if (b.Eligibility == BallotDefinition.ByCodes && !closed)
        {
            main.Append("<h2>Voter codes</h2><p>").Append(N(report.Eligible)).Append(" issued. The sheet opens once, to print: the codes are not kept anywhere.</p>");
            main.Append(ConsoleForms.Form(http, "/console/codes", Hidden("ballots", b.Id) +
                "<p><label for=\"count\">How many codes</label><input id=\"count\" name=\"count\" type=\"number\" min=\"1\" max=\"5000\" value=\"20\" required></p>" +
                "<p><button type=\"submit\" class=\"button primary\">Issue and print codes</button></p>", "stack"));
        }
        main.Append("<h2>Turnout</h2><div data-live-src=\"/console/fragment/turnout/").Append(id).Append("\">").Append(Turnout(report)).Append("</div>");
        main.Append("<h2>Result</h2>").Append(ResultView.Render(report, _t, "en"));
        main.Append("<h2>Export</h2><ul class=\"inline\"><li><a href=\"/console/ballots/").Append(id).Append("/export.csv\">CSV</a></li><li><a href=\"/console/ballots/").Append(id)
            .Append("/export.json\">JSON</a></li><li><a href=\"/console/ballots/").Append(id).Append("/report\">Printable report</a></li></ul>");
        return Page(BallotView.Title(b, "en"), main.ToString(), session);
    }

    /// <summary>Votes per gateway and per button, conflicts, who has not yet seen the close (refreshed live).</summary>
    public string Turnout(BallotReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var authority = context.Ledger.Authority;
        string NameOf(Bytes32 key) => authority.Members.TryGetValue(key, out var m) ? m.Name : key.ShortHex + "…";
        var html = new StringBuilder("<p><strong>").Append(report.Counted.Count).Append("</strong> votes counted").Append(report.Eligible > 0 ? $" of {N(report.Eligible)} eligible" : "").Append(".</p>");
        html.Append("<table><thead><tr><th scope=\"col\">Gateway (kiosk)</th><th scope=\"col\">Votes recorded</th></tr></thead><tbody>");
        foreach (var (gateway, count) in report.TurnoutByGateway.OrderBy(g => NameOf(g.Key), StringComparer.Ordinal))
            html.Append("<tr><td>").Append(E(NameOf(gateway))).Append("</td><td>").Append(count).Append("</td></tr>");
        html.Append("</tbody></table>");
        var buttons = report.Counted.Where(v => v.Body.Device is not null).GroupBy(v => v.Body.Device!).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (buttons.Count > 0)
        {
            html.Append("<table><thead><tr><th scope=\"col\">Button</th><th scope=\"col\">Votes counted</th></tr></thead><tbody>");
            foreach (var g in buttons) html.Append("<tr><td>").Append(E(g.Key)).Append("</td><td>").Append(g.Count()).Append("</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("<h3>Conflicts</h3>");
        if (report.Conflicts.Count == 0) html.Append("<p>None: no code or member voted at more than one gateway.</p>");
        else html.Append("<p>").Append(report.Conflicts.Count).Append(" credential(s) voted at several gateways; the revote rule picked one vote each.</p>");
        if (report.AwaitingCloseSeen.Count > 0 && report.Status == BallotStatus.Provisional)
            html.Append("<p>Waiting for the close to reach: ").Append(E(string.Join(", ", report.AwaitingCloseSeen.Select(NameOf)))).Append(". Certify to make the result final now.</p>");
        return html.ToString();
    }

    /// <summary>Notices: the current ones and a form to post one with translations.</summary>
    public string Notices(ConsoleSession session, string? message)
    {
        var main = new StringBuilder("<h1>Notices</h1>");
        if (message is not null) main.Append("<p class=\"ok\" role=\"status\">").Append(E(message)).Append("</p>");
        foreach (var n in BallotView.Notices(context))
            main.Append("<article class=\"notice\"><h2>").Append(E(Translations.Pick(n.Body.Title, "en"))).Append("</h2><p>").Append(E(Translations.Pick(n.Body.Text, "en"))).Append("</p></article>");
        var inner = new StringBuilder("<h2>Post a notice</h2>");
        foreach (var language in catalog.Languages)
            inner.Append("<fieldset><legend>").Append(catalog.For(language).H("LanguageName")).Append("</legend><p><label for=\"title-").Append(language).Append("\">Title</label><input id=\"title-").Append(language).Append("\" name=\"title-").Append(language).Append('"')
                .Append(language == "en" ? " required" : "").Append("></p><p><label for=\"text-").Append(language).Append("\">Text</label><textarea id=\"text-").Append(language).Append("\" name=\"text-").Append(language).Append("\" rows=\"3\"").Append(language == "en" ? " required" : "").Append("></textarea></p></fieldset>");
        inner.Append("<p><button type=\"submit\" class=\"button primary\">Post notice</button></p>");
        main.Append(ConsoleForms.Form(http, "/console/notices", inner.ToString(), "stack"));
        return Page("Notices", main.ToString(), session);
    }

    /// <summary>Enrolled gateways and devices.</summary>
    public string Devices(ConsoleSession session)
    {
        var authority = context.Ledger.Authority;
        var main = new StringBuilder("<h1>Gateways and devices</h1><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th><th scope=\"col\">Key</th><th scope=\"col\">Events</th></tr></thead><tbody>");
        foreach (var m in authority.Members.Values.OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.Ordinal))
            main.Append("<tr><td>").Append(E(m.Name)).Append(m.Key == context.Desk.Gateway ? " (this gateway)" : "").Append(m.IsRemoved ? " (removed)" : "").Append("</td><td>").Append(E(m.Role.ToString().ToLowerInvariant()))
                .Append("</td><td><code>").Append(E(m.Key.ShortHex)).Append("…</code></td><td>").Append(context.Ledger.HeadOf(m.Key).Seq).Append("</td></tr>");
        main.Append("</tbody></table><h2>Buttons</h2>");
        if (authority.Devices.Count == 0) main.Append("<p>No buttons enrolled.</p>");
        else
        {
            main.Append("<table><thead><tr><th scope=\"col\">Device</th><th scope=\"col\">Label</th><th scope=\"col\">Seat</th><th scope=\"col\">Gateway</th><th scope=\"col\">State</th></tr></thead><tbody>");
            foreach (var d in authority.Devices.Values.OrderBy(d => d.Device, StringComparer.Ordinal))
                main.Append("<tr><td>").Append(E(d.Device)).Append("</td><td>").Append(E(d.Label)).Append("</td><td>").Append(E(d.Member ?? "")).Append("</td><td>")
                    .Append(E(authority.Members.TryGetValue(d.Gateway, out var g) ? g.Name : d.Gateway.ShortHex)).Append("</td><td>").Append(d.Revoked ? "revoked" : "active").Append("</td></tr>");
            main.Append("</tbody></table>");
        }
        return Page("Gateways and devices", main.ToString(), session);
    }

    /// <summary>The ledger verification's outcome.</summary>
    public string Verify(ConsoleSession session, VerifyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var main = new StringBuilder("<h1>Ledger verification</h1>");
        main.Append(report.IsValid
            ? $"<p class=\"ok\" role=\"status\">All {report.Events} events check out: every signature, hash chain and authorisation.</p>"
            : $"<p class=\"problem\" role=\"alert\">{report.Problems.Count} problem(s) in {report.Events} events.</p><ul>{string.Concat(report.Problems.Select(p => $"<li>{E(p.ToString())}</li>"))}</ul>");
        main.Append("<p>State hash: <code>").Append(E(report.StateHash?.ToHex())).Append("</code></p>");
        return Page("Verify", main.ToString(), session);
    }

    /// <summary>The printable report of a ballot.</summary>
    public string Report(BallotReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var b = report.Ballot.Definition;
        var main = new StringBuilder("<h1>").Append(E(BallotView.Title(b, "en"))).Append("</h1><p>").Append(E(context.AssemblyName)).Append(" · ").Append(E(b.Method)).Append(" · ").Append(ResultView.Badge(report, _t)).Append("</p>");
        main.Append("<p>").Append(report.Counted.Count).Append(" votes counted").Append(report.Eligible > 0 ? $" of {N(report.Eligible)} codes issued" : "").Append(". Printed ").Append(DateTimeOffset.UtcNow.ToString("u", System.Globalization.CultureInfo.InvariantCulture)).Append(".</p>");
        main.Append(ResultView.Render(report, _t, "en"));
        main.Append("<h2>Counted receipt trackers</h2><ul class=\"tracker-list\">").Append(string.Concat(report.Trackers.Select(t => $"<li>{E(t)}</li>"))).Append("</ul>");
        main.Append("<p class=\"no-print\"><button type=\"button\" class=\"button small\" data-print>Print</button> (or your browser's Print command)</p>");
        return new PageLayout { Surface = "console report" }.Render(_t, "Report — " + BallotView.Title(b, "en"), main.ToString());
    }
}
