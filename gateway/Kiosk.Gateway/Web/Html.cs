using System.Globalization;
using System.Net;

namespace Kiosk.Gateway.Web;

/// <summary>Small helpers for writing HTML by hand: every text that came from data or input goes through <see cref="E"/>.</summary>
public static class Html
{
    /// <summary>HTML-encodes text for an element or a quoted attribute.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A number in the invariant culture.</summary>
    public static string N(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A hidden form field.</summary>
    public static string Hidden(string name, string? value) => $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">";

    /// <summary>Writes <paramref name="html"/> as a page that no cache, history snapshot or proxy may keep.</summary>
    public static IResult Page(string html, int status = StatusCodes.Status200OK) => new HtmlResult(html, status);

    private sealed class HtmlResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers.Pragma = "no-cache";
            response.Headers["Content-Security-Policy"] =
                "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            return response.WriteAsync(html);
        }
    }
}
