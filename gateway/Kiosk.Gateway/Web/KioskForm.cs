namespace Kiosk.Gateway.Web;

/// <summary>
/// What one posted kiosk form says: the screen it was on, the button pressed (<c>do</c>), a text size (<c>setsize</c>),
/// and the fields the screen lets the resident type into (the code, an objection's reason). The visit itself is not
/// in the form: it stays on the server.
/// </summary>
public sealed record KioskForm(string Screen, string Action, string? SetSize, string? Code, string? Objection)
{
    /// <summary>Reads the form (the last value of a repeated field counts, as a browser sends the pressed button last).</summary>
    public static KioskForm From(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        string? Field(string name) => form.TryGetValue(name, out var values) ? values.LastOrDefault() : null;
        return new KioskForm(Field("screen") ?? "", Field("do") ?? "", Field("setsize"), Field("code"), Field("obj"));
    }

    /// <summary>The name a screen has in its form's <c>screen</c> field.</summary>
    public static string NameOf(KioskScreen screen) => screen.ToString().ToLowerInvariant();
}
