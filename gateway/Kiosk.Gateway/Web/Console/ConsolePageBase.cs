using Kiosk.Gateway.Host;
using Microsoft.AspNetCore.Components;

namespace Kiosk.Gateway.Web.Console;

/// <summary>What every console page has: the gateway, the texts (the console is in English) and the session.</summary>
public abstract class ConsolePageBase : ComponentBase
{
    [Inject]
    public GatewayContext Gateway { get; set; } = default!;

    [Inject]
    public TextCatalog Catalog { get; set; } = default!;

    /// <summary>The logged-in facilitator (null on the login page).</summary>
    [Parameter]
    public ConsoleSession? Session { get; set; }

    /// <summary>The console's texts (statuses, result words): English.</summary>
    protected PageText Text => Catalog.For("en");
}
