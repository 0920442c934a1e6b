using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiosk.Hub;

/// <summary>
/// The hub's operations endpoints: <c>/health</c> (200 while the database answers, 503 when it does not) and
/// <c>/metrics</c> (<see cref="HubMetrics"/>), and whatever pages the program adds (the public result pages, which
/// live with the gateway's page components). Bound to the address given (127.0.0.1 unless the technician opens it).
/// </summary>
public sealed class HubWeb : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HubWeb(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where it listens (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>
    /// Starts serving <paramref name="hub"/>'s endpoints on <paramref name="address"/>:<paramref name="port"/>, with
    /// the services <paramref name="services"/> registers and the routes <paramref name="map"/> adds.
    /// </summary>
    public static async Task<HubWeb> StartAsync(HubHost hub, IPAddress address, int port, Action<IServiceCollection>? services = null, Action<WebApplication>? map = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map?.Invoke(app);
        app.MapGet("/health", async (CancellationToken token) =>
        {
            var database = await hub.Options.Database.PingAsync(token).ConfigureAwait(false);
            var body = new HubHealth(database is null ? "ok" : "failing", database ?? "ok", hub.Status().Count);
            return Results.Json(body, HubHealthJson.Default.HubHealth, statusCode: database is null ? null : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/metrics", () => Results.Text(HubMetrics.Format(hub.Status()), "text/plain; version=0.0.4; charset=utf-8"));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HubWeb(app, new Uri(bound));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
