using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Turns a request over the form or body limits (more than 1,024 fields, a value over 4 MB, a body over Kestrel's 30 MB)
/// into a 400 or 413 page and one log line, instead of a blank 500 and a stack trace per request. ASP.NET Core reports
/// those limits as exceptions thrown from <c>ReadFormAsync</c>; nothing was changed when they are thrown.
/// </summary>
internal static class OversizedForms
{
    /// <summary>Adds the middleware; it must come before every endpoint that reads a form.</summary>
    public static void Use(WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kiosk.Gateway.Web");
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception e) when (!http.Response.HasStarted && Classify(e) is { } refusal)
            {
                log.LogWarning("Request refused: {Method} {Path} from {Address}: {Status} {Reason}",
                    http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress, refusal.Status, refusal.Reason);
                http.Response.Clear();
                http.Response.StatusCode = refusal.Status;
                http.Response.ContentType = "text/html; charset=utf-8";
                // The connection may still hold unread body: close it rather than read the rest.
                http.Response.Headers.Connection = "close";
                await http.Response.WriteAsync(Page(refusal), http.RequestAborted);
            }
        });
    }

    private static Refusal? Classify(Exception e) => e switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(StatusCodes.Status413PayloadTooLarge, "the request body is over the size limit"),
        BadHttpRequestException bad => new(bad.StatusCode, bad.Message),
        InvalidDataException data when data.Message.Contains("count limit", StringComparison.Ordinal) => new(StatusCodes.Status400BadRequest, "the form has too many fields"),
        InvalidDataException data when data.Message.Contains("length limit", StringComparison.Ordinal) => new(StatusCodes.Status413PayloadTooLarge, "a form value or the form is over the size limit"),
        InvalidDataException data => new(StatusCodes.Status400BadRequest, "the form could not be read: " + data.Message),
        _ => null,
    };

    private static string Page(Refusal refusal) =>
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Request refused</title></head>
        <body><main><h1>This request was refused</h1>
        <p>{System.Net.WebUtility.HtmlEncode(char.ToUpperInvariant(refusal.Reason[0]) + refusal.Reason[1..])}. Nothing was changed.</p>
        <p>Go back and send it again with less in it.</p></main></body></html>
        """;

    private sealed record Refusal(int Status, string Reason);
}
