using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Web.Console;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kiosk.Gateway.Web;

/// <summary>
/// The pages' plumbing: the services they need, and the one way a page is answered — a Razor component rendered on
/// the server (every value HTML-encoded by Razor) with headers that forbid caching, framing and foreign content.
/// </summary>
public static class WebPages
{
    /// <summary>What every page may load: its own CSS, script and data: images, the kiosk's speech clips (blob: made from its own answers), nothing from elsewhere, no inline script.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// Why the Razor renderer may be used in the Native AOT gateway although ASP.NET Core marks Razor components as not
    /// trimming-safe: the pages are rendered on the server only (no interactivity, no Blazor script), and what the
    /// renderer finds by reflection, the components' [Parameter] properties and the anonymous objects' properties that
    /// fill them, all lives in the program's own assembly, which Kiosk.Gateway.csproj keeps whole (TrimmerRootAssembly).
    /// The package's install test renders pages with the published program.
    /// </summary>
    internal const string RazorSurvivesTrimming =
        "Server-rendered components only; their types and the parameter objects are in the kiosk assembly, which the publish keeps whole (TrimmerRootAssembly).";

    /// <summary>Registers the page texts, the Razor renderer, the kiosk's visits and the console's sessions.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = RazorSurvivesTrimming)]
    public static void AddServices(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(TextCatalog.Load());
        services.AddRazorComponents();
        services.AddHttpContextAccessor(); // the console's pages read the facilitator's language from its cookie
        // Pages are UTF-8: only the characters HTML gives a meaning to are encoded, not every letter outside ASCII.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddSingleton(provider => new KioskVisits(provider.GetRequiredService<GatewayOptions>()));
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<ReceiptPrinter>();
        services.AddSingleton(provider => new Camera.CameraGate(provider.GetRequiredService<GatewayOptions>().Time));
        services.AddSingleton(provider => new Kiosk.Gateway.Audio.SpeechSynthesizer(provider.GetRequiredService<GatewayOptions>().Audio ?? new Kiosk.Gateway.Audio.AudioOptions()));
    }

    /// <summary>The page <typeparamref name="TPage"/>, to render with its parameters: <c>WebPages.Page&lt;Welcome&gt;().Render(new { Visit = … })</c>.</summary>
    public static PageRenderer<TPage> Page<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TPage>() where TPage : IComponent => new();

    /// <summary>Answers HTML made elsewhere (the printable code sheet) with the same headers as every page.</summary>
    public static IResult Raw(string html, int status = StatusCodes.Status200OK) =>
        new PageResult(Results.Content(html, "text/html; charset=utf-8", statusCode: status));

    /// <summary>
    /// A 303 See Other to <paramref name="location"/>: the answer to every kiosk post, so the browser's history holds
    /// the page it leads to (a GET) and never the post.
    /// </summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = location;
            response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }

    /// <summary>Adds the page headers to <paramref name="inner"/>: no cache, history snapshot or proxy may keep a page.</summary>
    internal sealed class PageResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.Remove("blazor-enhanced-nav"); // the pages use no Blazor script
                return Task.CompletedTask;
            }, response);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
