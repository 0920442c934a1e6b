using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Web.Board;

/// <summary>
/// <c>/board</c>: the wall display, read-only. Notices, open ballots with live turnout, results (when the ballot
/// shows live results, or once closed) with charts and rounds, counted receipt trackers, provisional/final badges.
/// </summary>
public static class BoardEndpoints
{
    /// <summary>Maps the board's routes on the resident surface.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var board = app.MapGroup("/board").WithMetadata(new SurfaceMetadata(Surface.Resident));
        board.MapGet("", (HttpContext http, TextCatalog catalog) =>
            WebPages.Page<BoardScreen>().Render(new { Text = catalog.For(http.Request.Query["lang"].FirstOrDefault()) }));
        board.MapGet("/fragment", (HttpContext http, TextCatalog catalog) =>
            WebPages.Page<BoardContent>().Render(new { Text = catalog.For(http.Request.Query["lang"].FirstOrDefault()) }));
        board.MapGet("/live", (HttpContext http, GatewayContext context) => LiveEvents.Serve(http, context, buttons: false));
    }
}
