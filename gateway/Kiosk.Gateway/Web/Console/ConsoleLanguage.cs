namespace Kiosk.Gateway.Web.Console;

/// <summary>
/// The console's language: a facilitator's choice from the header's language links, kept in a cookie of the console
/// only (it says nothing about anyone: a preference, not a secret). Without it, or for a language the console is not
/// offered in, English.
/// </summary>
public static class ConsoleLanguage
{
    /// <summary>The cookie holding the choice.</summary>
    public const string Cookie = "kiosk-console-lang";

    /// <summary>The address that switches to <paramref name="language"/> and comes back to <paramref name="back"/>.</summary>
    public static string SwitchUrl(string language, string back) => $"/console/language/{Uri.EscapeDataString(language)}?back={Uri.EscapeDataString(back)}";

    /// <summary>The language of the console for this request.</summary>
    public static string Of(HttpContext? http, TextCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return http?.Request.Cookies[Cookie] is { } chosen && catalog.ConsoleLanguages.Contains(chosen) ? chosen : TextCatalog.DefaultLanguage;
    }

    /// <summary>The console's texts for this request.</summary>
    public static PageText Texts(HttpContext? http, TextCatalog catalog) => catalog.For(Of(http, catalog));

    /// <summary>Sets the language (an unknown one changes nothing) and goes back to a console page (only a console page).</summary>
    public static IResult Switch(string language, HttpContext http, TextCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.ConsoleLanguages.Contains(language))
            http.Response.Cookies.Append(Cookie, language, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/console", MaxAge = TimeSpan.FromDays(365) });
        var back = http.Request.Query["back"].FirstOrDefault();
        // Only a path of the console itself: never another site (an open redirect), never a path that is not ours.
        var local = back is not null && back.StartsWith("/console", StringComparison.Ordinal) && !back.Contains("//", StringComparison.Ordinal) && !back.Contains('\\', StringComparison.Ordinal);
        return Results.Redirect(local ? back! : "/console");
    }
}
