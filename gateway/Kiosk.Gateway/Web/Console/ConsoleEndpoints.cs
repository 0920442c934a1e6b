using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;
using Microsoft.AspNetCore.Antiforgery;

namespace Kiosk.Gateway.Web.Console;

/// <summary>
/// <c>/console</c>: facilitators, on the console surface only. Login opens the facilitator's passphrase-sealed key
/// (rate limited per address); every POST must carry the antiforgery token; every page but the login needs a session.
/// Actions are signed with the logged-in facilitator's key.
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>Maps the console's routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/console").WithMetadata(new SurfaceMetadata(Surface.Console)).AddEndpointFilter(CsrfFilter);
        console.MapGet("/login", () => WebPages.Page<LoginPage>().Render(new { }));
        console.MapGet("/language/{language}", ConsoleLanguage.Switch);
        console.MapPost("/login", LogIn).RequireRateLimiting(GatewayHost.LoginPolicy).DisableAntiforgery();

        var signedIn = console.MapGroup("").AddEndpointFilter(SessionFilter);
        signedIn.MapPost("/logout", (HttpContext http, ConsoleSessions sessions) =>
        {
            sessions.End(http);
            return Results.Redirect("/console/login", preserveMethod: false);
        }).DisableAntiforgery();
        signedIn.MapGet("", (HttpContext http) =>
            WebPages.Page<DashboardPage>().Render(new { Session = Session(http), Message = http.Request.Query["done"].FirstOrDefault() }));
        signedIn.MapGet("/fragment/ballots", () => WebPages.Page<BallotTable>().Render(new { }));
        signedIn.MapGet("/fragment/turnout/{id}", (string id, GatewayContext context) =>
            context.Reports.Get(id) is { } report ? WebPages.Page<TurnoutView>().Render(new { Report = report }) : Results.NotFound());
        signedIn.MapGet("/live", (HttpContext http, GatewayContext context) => LiveEvents.Serve(http, context, buttons: false));

        signedIn.MapGet("/ballots/new", (HttpContext http) =>
        {
            var method = http.Request.Query["method"].FirstOrDefault() ?? "yes-no";
            var text = BallotTemplates.All.GetValueOrDefault(method) ?? BallotTemplates.All.Values.First();
            return Editor(http, text, null, method);
        });
        signedIn.MapGet("/drafts/{id}", (string id, HttpContext http, GatewayContext context) =>
            ConsoleDrafts.Read(context.Data, id) is { } text ? Editor(http, text, null) : Results.NotFound());
        signedIn.MapPost("/ballots", SaveBallot).DisableAntiforgery();
        signedIn.MapGet("/ballots/{id}", (string id, HttpContext http, GatewayContext context) =>
            context.Reports.Get(id) is { } report
                ? WebPages.Page<BallotPage>().Render(new { Session = Session(http), Report = report, Message = http.Request.Query["done"].FirstOrDefault() })
                : Results.NotFound());
        signedIn.MapPost("/ballots/{id}/{action}", BallotAction).DisableAntiforgery();
        // Exports carry trackers and per-gateway detail: no browser or proxy may keep a copy.
        signedIn.MapGet("/ballots/{id}/export.csv", (string id, GatewayContext context, HttpContext http) =>
            NoStore(http, context.Reports.Get(id) is { } report ? Results.Text(ResultExport.Csv(report), "text/csv; charset=utf-8") : Results.NotFound()));
        signedIn.MapGet("/ballots/{id}/export.json", (string id, GatewayContext context, HttpContext http) =>
            NoStore(http, context.Reports.Get(id) is { } report ? Results.Text(ResultExport.Json(report), "application/json; charset=utf-8") : Results.NotFound()));
        signedIn.MapGet("/ballots/{id}/report", (string id, GatewayContext context) =>
            context.Reports.Get(id) is { } report ? WebPages.Page<ReportPage>().Render(new { Report = report }) : Results.NotFound());
        signedIn.MapPost("/codes", IssueCodes).DisableAntiforgery();
        signedIn.MapPost("/cards/enrol", EnrolCard).DisableAntiforgery();
        signedIn.MapGet("/notices", (HttpContext http) =>
            WebPages.Page<NoticesPage>().Render(new { Session = Session(http), Message = http.Request.Query["done"].FirstOrDefault() }));
        signedIn.MapPost("/notices", PostNotice).DisableAntiforgery();
        signedIn.MapGet("/devices", (HttpContext http) => WebPages.Page<DevicesPage>().Render(new { Session = Session(http) }));
        signedIn.MapGet("/mesh", (HttpContext http) => WebPages.Page<MeshPage>().Render(new { Session = Session(http) }));
        signedIn.MapGet("/fragment/mesh", () => WebPages.Page<MeshView>().Render(new { }));
        signedIn.MapGet("/verify", (HttpContext http, GatewayContext context) =>
            WebPages.Page<VerifyPage>().Render(new { Session = Session(http), Report = LedgerVerifier.Verify(context.Data.LedgerPath, DataFolder.Kinds()) }));
    }

    /// <summary>The console's texts in the facilitator's language.</summary>
    private static PageText Texts(HttpContext http) => ConsoleLanguage.Texts(http, http.RequestServices.GetRequiredService<TextCatalog>());

    private static ConsoleSession Session(HttpContext http) => (ConsoleSession)http.Items[typeof(ConsoleSession)]!;

    private static IResult Editor(HttpContext http, string text, string? problem, string? method = null, int status = StatusCodes.Status200OK) =>
        WebPages.Page<EditorPage>().Render(new { Session = Session(http), BallotText = text, Problem = problem, Method = method }, status);

    private static IResult Login(HttpContext http, string problem, int status) => WebPages.Page<LoginPage>().Render(new { Problem = Texts(http).T(problem) }, status);

    /// <summary>Refuses a POST whose antiforgery token is missing or wrong, before the handler runs.</summary>
    private static async ValueTask<object?> CsrfFilter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return Results.Text(Texts(http).T("FormExpired"), "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }
        }
        return await next(invocation);
    }

    private static async ValueTask<object?> SessionFilter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        if (http.RequestServices.GetRequiredService<ConsoleSessions>().Find(http) is not { } session)
            return HttpMethods.IsGet(http.Request.Method) ? Results.Redirect("/console/login") : Results.Text(Texts(http).T("LoginFirst"), "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        http.Items[typeof(ConsoleSession)] = session;
        return await next(invocation);
    }

    private static async Task<IResult> LogIn(HttpContext http, GatewayContext context, ConsoleSessions sessions)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var who = form["who"].FirstOrDefault() ?? "";
        var passphrase = form["passphrase"].FirstOrDefault() ?? "";
        var metrics = http.RequestServices.GetRequiredService<GatewayMetrics>();
        if (!PassphraseLock.All(context.Data.KeysPath).TryGetValue(who, out var locked))
        {
            metrics.LoginFailed(http.Connection.RemoteIpAddress, null, "unknown-facilitator"); // what was typed is not logged: it may be a passphrase in the wrong box
            return Login(http, "LoginChoose", StatusCodes.Status401Unauthorized);
        }
        // Checked before the key is opened: a waiting facilitator's login costs no Argon2id run.
        var backOff = http.RequestServices.GetRequiredService<FacilitatorBackOff>();
        if (backOff.Wait(who) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            metrics.LoginFailed(http.Connection.RemoteIpAddress, who, "facilitator-waiting");
            return WebPages.Page<LoginPage>().Render(new { Problem = Texts(http).T("LoginWait", seconds) }, StatusCodes.Status429TooManyRequests);
        }
        // Argon2id is slow on purpose; keep it off the request thread pool's hot path.
        var key = await Task.Run(() => locked.Open(passphrase), http.RequestAborted);
        if (key is null)
        {
            backOff.Failed(who);
            metrics.LoginFailed(http.Connection.RemoteIpAddress, who, "wrong-passphrase");
            return Login(http, "LoginWrong", StatusCodes.Status401Unauthorized);
        }
        backOff.Succeeded(who);
        var authority = context.Ledger.Authority;
        if (!authority.Members.TryGetValue(key.PublicKey, out var member) || member.IsRemoved || !member.Role.HasFlag(Role.Facilitator))
        {
            key.Dispose();
            metrics.LoginFailed(http.Connection.RemoteIpAddress, who, "not-a-facilitator");
            return Login(http, "LoginNotFacilitator", StatusCodes.Status403Forbidden);
        }
        sessions.Start(http, member.Name, key);
        return Results.Redirect("/console");
    }

    private static IResult NoStore(HttpContext http, IResult result)
    {
        http.Response.Headers.CacheControl = "no-store";
        return result;
    }

    private static async Task<IResult> SaveBallot(HttpContext http, GatewayContext context)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var text = (form["ballot"].FirstOrDefault() ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        BallotDefinition definition;
        try
        {
            definition = BallotFile.Parse(text, "ballot", yaml: true);
        }
        catch (UserErrorException e)
        {
            return Editor(http, text, e.Message, status: StatusCodes.Status422UnprocessableEntity);
        }
        if (form["do"].FirstOrDefault() == "draft")
        {
            ConsoleDrafts.Save(context.Data, definition.Id, text);
            return Results.Redirect("/console?done=" + Uri.EscapeDataString(Texts(http).T("DraftSaved", definition.Id)));
        }
        if (context.Reports.Get(definition.Id) is not null)
            return Editor(http, text, Texts(http).T("AlreadyPublished", definition.Id), status: StatusCodes.Status409Conflict);
        if (BallotFile.ClosedAlready(definition, http.RequestServices.GetRequiredService<GatewayOptions>().Time.GetUtcNow()) is { } late)
            return Editor(http, text, $"ballot: {late}", status: StatusCodes.Status422UnprocessableEntity);
        var result = await context.Ledger.AppendAsync(Session(http).Key, VotingKinds.BallotPublished, BodyJson.Write(new BallotPublishedBody(definition)), http.RequestAborted);
        if (result.Event is null) return Editor(http, text, Texts(http).T("LedgerRefusedBallot", result.Rejection!.Message), status: StatusCodes.Status422UnprocessableEntity);
        ConsoleDrafts.Remove(context.Data, definition.Id);
        return Results.Redirect($"/console/ballots/{definition.Id}?done=" + Uri.EscapeDataString(Texts(http).T("Published")));
    }

    private static async Task<IResult> BallotAction(string id, string action, HttpContext http, GatewayContext context)
    {
        if (context.Reports.Get(id) is null) return Results.NotFound();
        var key = Session(http).Key;
        AppendResult result;
        string done;
        switch (action)
        {
            case "open":
                result = await context.Ledger.AppendAsync(key, VotingKinds.BallotOpened, BodyJson.Write(new BallotRefBody(id)), http.RequestAborted);
                done = Texts(http).T("Opened");
                break;
            case "close":
                result = await context.Ledger.AppendAsync(key, VotingKinds.BallotClosed, BodyJson.Write(new BallotRefBody(id)), http.RequestAborted);
                await context.Desk.CloseIfDueAsync(id, http.RequestAborted); // this gateway sees the close at once
                done = Texts(http).T("Closed");
                break;
            case "certify":
                // As `kiosk certify`: each gateway's feed through its CloseSeen, or as far as this gateway holds it.
                var feeds = context.Desk.Read((p, a) => CertifiedFeed.For(p, a, id, k => context.Ledger.HeadOf(k).Seq));
                result = await context.Ledger.AppendAsync(key, VotingKinds.ResultCertified, BodyJson.Write(CertifiedFeed.Body(id, feeds)), http.RequestAborted);
                done = Texts(http).T("CertifiedDone");
                break;
            default:
                return Results.NotFound();
        }
        if (result.Event is null) done = Texts(http).T("RefusedReason", result.Rejection!.Message);
        return Results.Redirect($"/console/ballots/{id}?done=" + Uri.EscapeDataString(done));
    }

    private static async Task<IResult> IssueCodes(HttpContext http, GatewayContext context, ConsoleIdentity identity, GatewayOptions options)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var ids = form["ballots"].Where(b => !string.IsNullOrEmpty(b)).Select(b => b!).Distinct(StringComparer.Ordinal).ToArray();
        var ballots = ids.Select(id => context.Reports.Get(id)?.Ballot.Definition).ToList();
        if (ids.Length == 0 || ballots.Any(b => b is null)) return Results.Text(Texts(http).T("ChoosePublishedBallot"), statusCode: StatusCodes.Status400BadRequest);
        if (!int.TryParse(form["count"].FirstOrDefault(), out var count) || count is < 1 or > 5000)
            return Results.Text(Texts(http).T("CodeCountRange"), statusCode: StatusCodes.Status400BadRequest);
        var codes = Enumerable.Range(0, count).Select(_ => VoterCode.Generate()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var body in CodeIssuance.Bodies(ids, codes.Select(c => VoterCode.Normalize(c, out _)!).ToList()))
        {
            var result = await context.Ledger.AppendAsync(Session(http).Key, VotingKinds.VoterCodesIssued, BodyJson.Write(body), http.RequestAborted);
            if (result.Event is null) return Results.Text(Texts(http).T("LedgerRefusedCodes", result.Rejection!.Message), statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        // The sheet is the only place the codes exist: answered once, never stored, never cached.
        return WebPages.Raw(CodeSheet.Html(context.AssemblyName, ballots!, codes, 1, context.Languages, identity.Fingerprint, options.Camera));
    }

    /// <summary>
    /// The station's reader enrols the next card tapped to the member named, signed with this facilitator's key (the
    /// ledger takes a card enrolment only from a facilitator).
    /// </summary>
    private static async Task<IResult> EnrolCard(HttpContext http, WiredStationService wired)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var member = form["member"].FirstOrDefault()?.Trim() ?? "";
        // The member types their PIN here (optional); it goes only to this gateway's card PIN book, never to the ledger or a log.
        var pin = form["pin"].FirstOrDefault()?.Trim() is { Length: > 0 } typed ? typed : null;
        var text = Texts(http);
        var done = wired.CheckIn is not { } station ? text.T("EnrolCardNoReader")
            : station.BeginEnrol(member, Session(http).Key, pin) is { } problem ? text.T("EnrolCardRefused", problem)
            : text.T("EnrolCardWaiting", member, station.Name);
        return Results.Redirect("/console?done=" + Uri.EscapeDataString(done));
    }

    private static async Task<IResult> PostNotice(HttpContext http, GatewayContext context, TextCatalog catalog)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var language in catalog.Languages)
        {
            if (form["title-" + language].FirstOrDefault()?.Trim() is { Length: > 0 } title) titles[language] = title;
            if (form["text-" + language].FirstOrDefault()?.Trim() is { Length: > 0 } text) texts[language] = text;
        }
        var id = DataFolder.Slug("notice", titles.GetValueOrDefault("en") ?? titles.Values.FirstOrDefault() ?? "");
        if (id.Length > 48) id = id[..48].TrimEnd('-');
        var body = new NoticePostedBody(id, titles, texts);
        if (body.Check() is { } problem) return Results.Redirect("/console/notices?done=" + Uri.EscapeDataString(Texts(http).T("NotPosted", problem)));
        var result = await context.Ledger.AppendAsync(Session(http).Key, VotingKinds.NoticePosted, BodyJson.Write(body), http.RequestAborted);
        return Results.Redirect("/console/notices?done=" + Uri.EscapeDataString(result.Event is null ? Texts(http).T("RefusedReason", result.Rejection!.Message) : Texts(http).T("Posted")));
    }
}
