using Kiosk.Gateway.Host;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tally;

namespace Kiosk.Gateway.Web;

/// <summary>
/// <c>/kiosk</c>: the resident's touch screen. GET shows the welcome and code screens; every later step is a POST of
/// the one form on the screen, carrying the visit in hidden fields, answered with the next screen (no server session).
/// </summary>
public static class KioskEndpoints
{
    /// <summary>Maps the kiosk's routes on the resident surface.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var kiosk = app.MapGroup("/kiosk").WithMetadata(new SurfaceMetadata(Surface.Resident));
        kiosk.MapGet("", (HttpContext http, GatewayContext context, TextCatalog catalog) =>
        {
            var visit = KioskVisit.From(k => http.Request.Query[k].FirstOrDefault(), catalog);
            // The idle reset asks the browser to drop anything it kept of the last visit.
            if (http.Request.Query.ContainsKey("reset")) http.Response.Headers["Clear-Site-Data"] = "\"cache\"";
            return Html.Page(new KioskScreens(context, catalog).Welcome(visit));
        });
        kiosk.MapGet("/code", (HttpContext http, GatewayContext context, TextCatalog catalog) =>
            Html.Page(new KioskScreens(context, catalog).Code(KioskVisit.From(k => k is "lang" or "size" ? http.Request.Query[k].FirstOrDefault() : null, catalog))));
        kiosk.MapGet("/fragment", (HttpContext http, GatewayContext context, TextCatalog catalog) =>
            Html.Page(new KioskScreens(context, catalog).LiveRegion(KioskVisit.From(k => k is "lang" or "size" ? http.Request.Query[k].FirstOrDefault() : null, catalog))));
        kiosk.MapGet("/live", (HttpContext http, GatewayContext context) => LiveStream.Serve(http, context, buttons: true));
        kiosk.MapPost("", Step).DisableAntiforgery();
    }

    private static async Task<IResult> Step(HttpContext http, GatewayContext context, TextCatalog catalog)
    {
        if (!http.Request.HasFormContentType) return Results.BadRequest();
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var visit = KioskVisit.From(k => form[k].LastOrDefault(), catalog);
        var screens = new KioskScreens(context, catalog);
        var screen = form["screen"].LastOrDefault() ?? "";
        var action = form["do"].LastOrDefault() ?? "";
        var t = catalog.For(visit.Lang);

        if (action.Length == 0) return Redraw(screens, context, visit, screen); // a text-size change
        if (action.StartsWith("key:", StringComparison.Ordinal)) return Html.Page(screens.Code(visit with { Code = Keypad(visit.Code, action[4..]) }));
        if (action == "check") return CheckCode(screens, context, t, visit);
        if (action == "back") return Back(screens, context, visit, screen);

        // Every later step needs a code that still reads right (the form could have been altered).
        if (VoterCode.Normalize(visit.Code, out _) is not { } code) return Html.Page(screens.Code(visit with { Code = "" }, t.T("CodeMistyped")));
        if (action.StartsWith("ballot:", StringComparison.Ordinal))
        {
            var chosen = Ballot(context, code, action[7..]);
            return chosen is null ? Html.Page(screens.Refused(visit, t.T("BallotNotAvailable"))) : Html.Page(screens.Vote(visit with { Ballot = chosen.Id, Selection = [], Objection = "" }, chosen));
        }
        if (visit.Ballot is null || Ballot(context, code, visit.Ballot) is not { } ballot) return Html.Page(screens.Refused(visit, t.T("BallotNotAvailable")));
        var options = visit with { Selection = [.. visit.Selection.Where(id => ballot.Option(id) is not null)] };

        switch (action)
        {
            case var pick when pick.StartsWith("pick:", StringComparison.Ordinal) && ballot.Option(pick[5..]) is not null:
                var picked = options with { Selection = [pick[5..]] };
                return Html.Page(ballot.TallyMethod == TallyMethod.Consent && pick[5..] == "object" ? screens.Objection(picked, ballot) : screens.Review(picked with { Objection = "" }, ballot));
            case var tap when tap.StartsWith("tap:", StringComparison.Ordinal) && ballot.Option(tap[4..]) is not null:
                return Html.Page(screens.Vote(options with { Selection = [.. options.Selection.Where(s => s != tap[4..]), tap[4..]] }, ballot));
            case "undo":
                return Html.Page(screens.Vote(options with { Selection = [.. options.Selection.SkipLast(1)] }, ballot));
            case var toggle when toggle.StartsWith("toggle:", StringComparison.Ordinal) && ballot.Option(toggle[7..]) is { } option:
                if (options.Selection.Contains(option.Id)) return Html.Page(screens.Vote(options with { Selection = [.. options.Selection.Where(s => s != option.Id)] }, ballot));
                var spent = options.Selection.Sum(id => ballot.Option(id)!.Cost ?? 0);
                if (ballot.TallyMethod == TallyMethod.EqualShares && spent + (option.Cost ?? 0) > ballot.Budget)
                    return Html.Page(screens.Vote(options, ballot, t.T("OverBudget", BallotView.Label(ballot, option.Id, visit.Lang), Html.N(option.Cost ?? 0), Html.N((ballot.Budget ?? 0) - spent))));
                return Html.Page(screens.Vote(options with { Selection = [.. options.Selection, option.Id] }, ballot));
            case "edit":
                return Html.Page(screens.Vote(options, ballot));
            case "review":
                if (ChoiceRules.Check(ballot, options.Selection, ObjectionOf(ballot, options)) is not null)
                    return Html.Page(screens.Vote(options, ballot, t.T(ballot.IsRanked ? "RankAtLeastOne" : "ChoiceNotValid")));
                return Html.Page(screens.Review(options, ballot));
            case "confirm":
                var outcome = await context.Desk.CastWithCodeAsync(ballot.Id, code, options.Selection, ObjectionOf(ballot, options), http.RequestAborted);
                if (!outcome.IsAccepted)
                {
                    var message = outcome.Refusal!.Reason switch
                    {
                        VoteRefusalReason.CodeAlreadyUsed => t.T("CodeAlreadyUsed"),
                        VoteRefusalReason.BallotClosed or VoteRefusalReason.BallotNotOpen => t.T("BallotNotAvailable"),
                        VoteRefusalReason.InvalidChoice => t.T("ChoiceNotValid"),
                        _ => outcome.Refusal.Message,
                    };
                    return Html.Page(screens.Refused(visit, message));
                }
                var next = BallotView.ForCode(context, code)?.FirstOrDefault(b => !b.Voted && b.Ballot.Id != ballot.Id).Ballot;
                return Html.Page(screens.Receipt(visit with { Selection = [], Objection = "" }, ballot, outcome.Tracker!, next));
            default:
                return Html.Page(screens.Vote(options, ballot));
        }
    }

    private static string? ObjectionOf(BallotDefinition ballot, KioskVisit visit) =>
        ballot.TallyMethod == TallyMethod.Consent && visit.Selection is ["object"] && visit.Objection.Length > 0 ? visit.Objection : null;

    private static IResult CheckCode(KioskScreens screens, GatewayContext context, PageText t, KioskVisit visit)
    {
        if (VoterCode.Normalize(visit.Code, out var typo) is not { } code)
        {
            var problem = typo!.Message.Contains("has a typing mistake", StringComparison.Ordinal) ? t.T("CodeCheckFailed")
                : typo.Message.StartsWith("a voter code has", StringComparison.Ordinal) ? t.T("CodeWrongLength", VoterCode.Length, visit.Code.Count(c => c is not ('-' or ' ')))
                : t.T("CodeBadSymbol");
            return Html.Page(screens.Code(visit, problem));
        }
        var formatted = VoterCode.Format(code);
        var ballots = BallotView.ForCode(context, code);
        if (ballots is null) return Html.Page(screens.Code(visit with { Code = formatted }, t.T("CodeUnknown")));
        if (ballots.Count == 0) return Html.Page(screens.Code(visit with { Code = formatted }, t.T("CodeNoOpenBallot")));
        var usable = ballots.Where(b => !(b.Voted && b.Ballot.Revote == BallotDefinition.FirstCounts)).ToList();
        if (usable.Count == 0) return Html.Page(screens.Code(visit with { Code = formatted }, t.T("CodeAlreadyUsed")));
        var withCode = visit with { Code = formatted, Selection = [], Objection = "" };
        return ballots.Count == 1
            ? Html.Page(screens.Vote(withCode with { Ballot = usable[0].Ballot.Id }, usable[0].Ballot))
            : Html.Page(screens.ChooseBallot(withCode, ballots));
    }

    private static IResult Back(KioskScreens screens, GatewayContext context, KioskVisit visit, string screen)
    {
        var code = VoterCode.Normalize(visit.Code, out _);
        var ballot = code is null || visit.Ballot is null ? null : Ballot(context, code, visit.Ballot);
        if (screen is "objection" or "review" && ballot is not null) return Html.Page(screens.Vote(visit, ballot));
        if (screen == "vote" && code is not null && BallotView.ForCode(context, code) is { Count: > 1 } several) return Html.Page(screens.ChooseBallot(visit with { Ballot = null, Selection = [] }, several));
        return Html.Page(screens.Code(visit with { Code = "", Ballot = null, Selection = [] }));
    }

    private static IResult Redraw(KioskScreens screens, GatewayContext context, KioskVisit visit, string screen)
    {
        var code = VoterCode.Normalize(visit.Code, out _);
        var ballot = code is null || visit.Ballot is null ? null : Ballot(context, code, visit.Ballot);
        return screen switch
        {
            "vote" when ballot is not null => Html.Page(screens.Vote(visit, ballot)),
            "objection" when ballot is not null => Html.Page(screens.Objection(visit, ballot)),
            "review" when ballot is not null => Html.Page(screens.Review(visit, ballot)),
            "ballots" when code is not null && BallotView.ForCode(context, code) is { Count: > 0 } ballots => Html.Page(screens.ChooseBallot(visit, ballots)),
            _ => Html.Page(screens.Code(visit)),
        };
    }

    private static BallotDefinition? Ballot(GatewayContext context, string code, string id) =>
        BallotView.ForCode(context, code)?.FirstOrDefault(b => b.Ballot.Id == id).Ballot;

    /// <summary>Applies an on-screen keypad key to the code typed so far (symbols grouped in fours as they come).</summary>
    internal static string Keypad(string typed, string key)
    {
        var symbols = new string((typed ?? "").Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).ToArray());
        if (key == "del") symbols = symbols.Length > 0 ? symbols[..^1] : "";
        else if (key.Length == 1 && VoterCode.Alphabet.Contains(key[0], StringComparison.Ordinal) && symbols.Length < VoterCode.Length) symbols += key;
        var groups = Enumerable.Range(0, (symbols.Length + 3) / 4).Select(i => symbols.Substring(i * 4, Math.Min(4, symbols.Length - i * 4)));
        return string.Join('-', groups);
    }
}
