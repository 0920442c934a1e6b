using Kiosk.Gateway.Host;
using Microsoft.AspNetCore.Components;

namespace Kiosk.Gateway.Web.Screens;

/// <summary>What every kiosk screen has: the gateway, the texts of the visit's language, the visit, and its addresses.</summary>
public abstract class KioskScreenBase : ComponentBase
{
    [Inject]
    public GatewayContext Gateway { get; set; } = default!;

    [Inject]
    public TextCatalog Catalog { get; set; } = default!;

    /// <summary>The visit the screen shows.</summary>
    [Parameter, EditorRequired]
    public KioskVisit Visit { get; set; } = default!;

    /// <summary>Where the screen's form posts: the visit's page, or <c>/kiosk</c> before a visit has begun.</summary>
    [Parameter]
    public string Action { get; set; } = KioskEndpoints.WelcomeUrl;

    /// <summary>Where the page's script reports touches (only once a visit has begun).</summary>
    [Parameter]
    public string? Touch { get; set; }

    /// <summary>The texts of the visit's language.</summary>
    protected PageText Text => Catalog.For(Visit.Lang);

    /// <summary>The text named <paramref name="name"/> in the visit's language (Razor encodes it where it is written).</summary>
    protected string T(string name, params object[] arguments) => Text.T(name, arguments);
}
