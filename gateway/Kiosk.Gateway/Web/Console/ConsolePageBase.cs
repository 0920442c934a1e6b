using Kiosk.Gateway.Host;
using Microsoft.AspNetCore.Components;

namespace Kiosk.Gateway.Web.Console;

/// <summary>What every console page has: the gateway, the texts in the facilitator's language (<see cref="ConsoleLanguage"/>) and the session.</summary>
public abstract class ConsolePageBase : ComponentBase
{
    [Inject]
    public GatewayContext Gateway { get; set; } = default!;

    [Inject]
    public TextCatalog Catalog { get; set; } = default!;

    [Inject]
    public IHttpContextAccessor Http { get; set; } = default!;

    /// <summary>The logged-in facilitator (null on the login page).</summary>
    [Parameter]
    public ConsoleSession? Session { get; set; }

    /// <summary>The console's texts in the language the facilitator chose (English by default).</summary>
    protected PageText Text => ConsoleLanguage.Texts(Http.HttpContext, Catalog);

    /// <summary>The console's language code (ballot titles and notices are shown in it when they have it).</summary>
    protected string Language => Text.Language;

    /// <summary>The text named <paramref name="name"/> in the console's language.</summary>
    protected string T(string name, params object[] arguments) => Text.T(name, arguments);
}
