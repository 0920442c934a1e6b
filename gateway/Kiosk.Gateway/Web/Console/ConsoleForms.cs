namespace Kiosk.Gateway.Web.Console;

/// <summary>Every console form carries an antiforgery token (<see cref="CsrfForm"/>); a POST without a valid one is refused before it does anything.</summary>
public static class ConsoleForms
{
    /// <summary>The token's form field.</summary>
    public const string CsrfField = "__csrf";
}
