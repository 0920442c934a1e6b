using Kiosk.Gateway.Host;
using Kiosk.Gateway.Web.Screens;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Web;

/// <summary>
/// <c>/kiosk</c>: the resident's touch screen, Post/Redirect/Get. The welcome and the first code screen are plain GETs;
/// the code screen's first post opens a visit (<see cref="KioskVisits"/>) and every post is answered with a 303 to the
/// visit's page, <c>/kiosk/visit/TOKEN</c>, which shows the visit's current screen. So history holds only GETs of
/// that page, never a form to resubmit, and once the visit is forgotten (idle, "Done") every one of them shows the
/// welcome screen. No voter code is ever in an address.
/// </summary>
public static class KioskEndpoints
{
    /// <summary>The welcome screen.</summary>
    public const string WelcomeUrl = "/kiosk";

    /// <summary>The welcome screen for the next person: the idle reset and "Done" go here; it also clears the browser's cache.</summary>
    public const string ResetUrl = "/kiosk?reset=1";

    /// <summary>The page of a visit.</summary>
    public static string VisitUrl(string token) => "/kiosk/visit/" + token;

    /// <summary>Where the page's script reports a touch that needed no request, so the server keeps the visit.</summary>
    public static string TouchUrl(string token) => VisitUrl(token) + "/touch";

    /// <summary>Maps the kiosk's routes on the resident surface.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var kiosk = app.MapGroup("/kiosk").WithMetadata(new SurfaceMetadata(Surface.Resident));
        kiosk.MapGet("", (HttpContext http, TextCatalog catalog) =>
        {
            // The idle reset asks the browser to drop anything it kept of the last visit.
            if (http.Request.Query.ContainsKey("reset")) http.Response.Headers["Clear-Site-Data"] = "\"cache\"";
            return WebPages.Page<Welcome>().Render(new { Visit = Fresh(http, catalog) });
        });
        kiosk.MapGet("/code", (HttpContext http, TextCatalog catalog) =>
            WebPages.Page<CodeScreen>().Render(new { Visit = Fresh(http, catalog), Action = WelcomeUrl }));
        kiosk.MapGet("/fragment", (HttpContext http, TextCatalog catalog) => WebPages.Page<WelcomeLive>().Render(new { Visit = Fresh(http, catalog) }));
        kiosk.MapGet("/live", (HttpContext http, GatewayContext context) => LiveEvents.Serve(http, context, buttons: true));
        kiosk.MapPost("", Start).DisableAntiforgery();
        kiosk.MapGet("/visit/{token}", Show);
        kiosk.MapPost("/visit/{token}", Step).DisableAntiforgery();
        kiosk.MapPost("/visit/{token}/touch", (string token, KioskVisits visits) =>
            visits.Touch(token) ? Results.NoContent() : Results.NotFound()).DisableAntiforgery();
    }

    /// <summary>The first post of the code screen: opens a visit with it, unless it was "Back".</summary>
    private static async Task<IResult> Start(HttpContext http, GatewayContext context, TextCatalog catalog, KioskVisits visits, ReceiptPrinter printer)
    {
        if (!http.Request.HasFormContentType) return Results.BadRequest();
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var start = KioskVisit.Start(form["lang"].LastOrDefault(), form["size"].LastOrDefault(), catalog);
        var next = await new KioskFlow(context, catalog, printer).StepAsync(start, KioskForm.From(form), http.RequestAborted);
        return next.Screen switch
        {
            KioskScreen.Left => WebPages.SeeOther(WelcomeUrl + next.Query),
            KioskScreen.Finished => WebPages.SeeOther(ResetUrl),
            _ => WebPages.SeeOther(VisitUrl(visits.Start(next))),
        };
    }

    /// <summary>A post on a visit's page: one step, then back to the page (or to the welcome when the visit is over).</summary>
    private static async Task<IResult> Step(string token, HttpContext http, GatewayContext context, TextCatalog catalog, KioskVisits visits, ReceiptPrinter printer)
    {
        if (!http.Request.HasFormContentType) return Results.BadRequest();
        var form = KioskForm.From(await http.Request.ReadFormAsync(http.RequestAborted));
        var flow = new KioskFlow(context, catalog, printer);
        string? leave = null;
        var found = await visits.StepAsync(token, async visit =>
        {
            var next = await flow.StepAsync(visit, form, http.RequestAborted);
            leave = next.Screen switch
            {
                KioskScreen.Left => WelcomeUrl + next.Query,
                KioskScreen.Finished => ResetUrl,
                _ => null,
            };
            return leave is null ? next : null;
        });
        return WebPages.SeeOther(!found ? ResetUrl : leave ?? VisitUrl(token));
    }

    /// <summary>A visit's page: its current screen; the welcome screen once the visit is forgotten.</summary>
    private static IResult Show(string token, GatewayContext context, TextCatalog catalog, KioskVisits visits)
    {
        if (visits.Find(token) is not { } visit) return WebPages.SeeOther(ResetUrl);
        var action = VisitUrl(token);
        var touch = TouchUrl(token);
        var t = catalog.For(visit.Lang);
        var flow = new KioskFlow(context, catalog);
        var code = VoterCode.Normalize(visit.Code, out _);
        var ballot = code is null || visit.Ballot is null ? null : flow.Ballot(code, visit.Ballot);
        // A ballot that closed since the last step cannot be voted on: say so (the next post says it again and ends the choice).
        var gone = new { Visit = visit with { Problem = t.T("BallotNotAvailable") }, Action = action, Touch = touch };
        return visit.Screen switch
        {
            KioskScreen.Ballots when code is not null && BallotView.ForCode(context, code) is { Count: > 0 } ballots =>
                WebPages.Page<BallotsScreen>().Render(new { Visit = visit, Action = action, Touch = touch, Ballots = ballots }),
            KioskScreen.Vote when ballot is not null => WebPages.Page<VoteScreen>().Render(new { Visit = visit, Action = action, Touch = touch, Ballot = ballot }),
            KioskScreen.Objection when ballot is not null => WebPages.Page<ObjectionScreen>().Render(new { Visit = visit, Action = action, Touch = touch, Ballot = ballot }),
            KioskScreen.Review when ballot is not null => WebPages.Page<ReviewScreen>().Render(new { Visit = visit, Action = action, Touch = touch, Ballot = ballot }),
            KioskScreen.Receipt => WebPages.Page<ReceiptScreen>().Render(new { Visit = visit, Action = action, Touch = touch }),
            KioskScreen.Refused => WebPages.Page<RefusedScreen>().Render(new { Visit = visit, Action = action, Touch = touch }),
            KioskScreen.Code => WebPages.Page<CodeScreen>().Render(new { Visit = visit, Action = action, Touch = touch }),
            _ => WebPages.Page<RefusedScreen>().Render(gone),
        };
    }

    /// <summary>A visit not yet started, in the language and size the address asks for.</summary>
    private static KioskVisit Fresh(HttpContext http, TextCatalog catalog) =>
        KioskVisit.Start(http.Request.Query["lang"].FirstOrDefault(), http.Request.Query["size"].FirstOrDefault(), catalog);
}
