using Microsoft.AspNetCore.Antiforgery;

namespace Kiosk.Gateway.Web.Console;

/// <summary>Every console form carries an antiforgery token; a POST without a valid one is refused before it does anything.</summary>
public static class ConsoleForms
{
    /// <summary>The token's form field.</summary>
    public const string CsrfField = "__csrf";

    /// <summary>The hidden token field for a form on this response.</summary>
    public static string Token(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return Html.Hidden(CsrfField, tokens.RequestToken);
    }

    /// <summary>A form posting to <paramref name="action"/> with the token and <paramref name="inner"/> HTML.</summary>
    public static string Form(HttpContext http, string action, string inner, string css = "") =>
        $"<form method=\"post\" action=\"{Html.E(action)}\"{(css.Length > 0 ? $" class=\"{css}\"" : "")}>{Token(http)}{inner}</form>";
}
