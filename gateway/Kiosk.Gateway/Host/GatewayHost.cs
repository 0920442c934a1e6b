using Kiosk.Gateway.Data;
using System.Net;
using Microsoft.AspNetCore.DataProtection;
using System.Threading.RateLimiting;
using Kiosk.Gateway.Web;
using Kiosk.Gateway.Web.Board;
using Kiosk.Gateway.Web.Camera;
using Kiosk.Gateway.Web.Console;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using System.Security.Cryptography.X509Certificates;

namespace Kiosk.Gateway.Host;

/// <summary>
/// The running gateway: one ASP.NET Core host with two Kestrel endpoints — the resident surface (<c>/kiosk</c>,
/// <c>/board</c>) and the console (<c>/console</c>) on its own address and port. An endpoint answers only on its own
/// surface: console routes are 404 on the kiosk's port and the other way round. Other parts (the device broker) run
/// in the same host through <see cref="GatewayOptions.ConfigureServices"/>.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    /// <summary>The rate-limiting policy of the console login.</summary>
    public const string LoginPolicy = "console-login";

    private readonly WebApplication _app;
    private ControlSocket? _control;

    private readonly X509Certificate2 _consoleCertificate;

    private GatewayHost(WebApplication app, GatewayContext context, Uri resident, Uri console, X509Certificate2 consoleCertificate)
    {
        _app = app;
        _consoleCertificate = consoleCertificate;
        ConsoleFingerprint = ConsoleCertificate.Fingerprint(consoleCertificate);
        Context = context;
        ResidentUri = resident;
        ConsoleUri = console;
    }

    /// <summary>The shared ledger, desk and live updates.</summary>
    public GatewayContext Context { get; }

    /// <summary>Base address of the kiosk and board, e.g. http://127.0.0.1:5000/.</summary>
    public Uri ResidentUri { get; }

    /// <summary>Base address of the console.</summary>
    public Uri ConsoleUri { get; }

    /// <summary>The SHA-256 fingerprint of the console's TLS certificate (the data folder's, served when <see cref="GatewayOptions.ConsoleHttps"/>).</summary>
    public string ConsoleFingerprint { get; }

    /// <summary>The device broker's address (<c>mqtt://…</c>), when one runs.</summary>
    public Uri? DeviceBrokerUri => _app.Services.GetRequiredService<DeviceBrokerService>().BrokerUri;

    /// <summary>The peer listener's address (<c>mqtts://…</c>), when the mesh runs.</summary>
    public Uri? PeerUri => _app.Services.GetRequiredService<MeshService>().PeerUri;

    /// <summary>The wired button station (started only when <see cref="GatewayOptions.Wired"/> is set).</summary>
    public WiredStationService WiredStation => _app.Services.GetRequiredService<WiredStationService>();

    /// <summary>The host's services (for parts started alongside).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Opens the data folder and starts both surfaces.</summary>
    public static async Task<GatewayHost> StartAsync(GatewayOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ResidentPort != 0 && options.ResidentPort == options.ConsolePort)
            throw new UserErrorException("the console needs its own port, not the kiosk's");
        var context = GatewayContext.Open(options);
        WebApplication? app = null;
        X509Certificate2? certificate = null;
        try
        {
            // Made here for a data folder older than kiosk init's certificate, so status can show its fingerprint before the console leaves loopback.
            certificate = ConsoleCertificate.LoadOrCreate(context.Data.ConsoleCertificatePath, options.Time);
            app = Build(options, context, certificate);
            app.Services.GetRequiredService<GatewayMetrics>(); // counts from the first vote on
            app.Services.GetRequiredService<WiredStationService>().Open(); // user errors before the host starts, not as a hosting failure
            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .Select(a => new Uri(a)).ToList();
            // Kestrel lists the endpoints in the order they were configured: resident first, console second.
            var resident = addresses[0];
            var console = addresses[1];
            app.Services.GetRequiredService<SurfacePorts>().Set(resident.Port, console.Port);
            var host = new GatewayHost(app, context, resident, console, certificate);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kiosk.Gateway");
            if (options.ControlCommands is { } run) host._control = ControlSocket.Start(context.Data, run, logger);
            StartupReport.Log(logger, options, host);
            return host;
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            certificate?.Dispose();
            await context.DisposeAsync();
            throw;
        }
    }

    private static WebApplication Build(GatewayOptions options, GatewayContext context, X509Certificate2 consoleCertificate)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(GatewayHost).Assembly.GetName().Name });
        var underSystemd = Microsoft.Extensions.Hosting.Systemd.SystemdHelpers.IsSystemdService();
        builder.Logging.ClearProviders();
        if (options.LogName is { } name)
        {
            // Registered by hand rather than with AddConsoleFormatter, which also binds the formatter's options from
            // configuration by reflection (not Native AOT safe); the name is the only option, and it is set here.
            builder.Logging.AddConsole(o => o.FormatterName = NamedLogFormatter.FormatterName);
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, NamedLogFormatter>());
            builder.Services.Configure<NamedLogFormatterOptions>(o => o.Name = name);
        }
        else if (underSystemd)
            builder.Logging.AddSystemdConsole(o => o.UseUtcTimestamp = true); // one journal entry per line, its priority from the level
        else
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        // ASP.NET Core's own Information lines (one per request) would drown the gateway's: only its warnings and errors.
        builder.Logging.AddFilter("Microsoft", (LogLevel)Math.Max((int)options.LogLevel, (int)LogLevel.Warning));
        builder.Logging.AddFilter("Kiosk.Mesh", (LogLevel)Math.Min((int)options.LogLevel, (int)LogLevel.Information)); // links coming and going are worth a line
        // Under systemd (Type=notify): READY=1 once both surfaces listen, STOPPING=1 on stop, and the watchdog's pings.
        if (underSystemd)
        {
            builder.Services.AddSystemd();
            builder.Services.AddHostedService<SystemdWatchdog>();
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(options.ResidentAddress), options.ResidentPort);
            // The kiosk and board stay plain HTTP for the local screen; the console leaves this machine only over HTTPS.
            kestrel.Listen(IPAddress.Parse(options.ConsoleAddress), options.ConsolePort, listen =>
            {
                if (options.ConsoleHttps) listen.UseHttps(consoleCertificate);
            });
        });
        var services = builder.Services;
        // Minimal APIs read and write JSON through the source-generated contracts first (Native AOT has no reflection).
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJson.Default));
        services.AddSingleton(context);
        services.AddSingleton(options);
        services.AddSingleton<SurfacePorts>();
        services.AddSingleton(new ConsoleIdentity(ConsoleCertificate.Fingerprint(consoleCertificate)));
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton(sp => new FacilitatorBackOff(options.Time, sp.GetRequiredService<ILogger<FacilitatorBackOff>>()));
        WebPages.AddServices(services);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "kiosk-console-csrf";
            o.Cookie.Path = "/console";
            // Antiforgery refuses SecurePolicy.Always on plain http; the console marks every cookie it sets Secure itself (below).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.FormFieldName = ConsoleForms.CsrfField;
            o.SuppressXFrameOptionsHeader = false;
        });
        // Antiforgery tokens and nothing else are protected with these keys; sessions live in memory, so keys may too.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        DataProtectionKeyRing.SkipStartupLoad(services);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LoginPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginAttempts, Window = options.LoginWindow, QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, token) =>
            {
                rejected.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await rejected.HttpContext.Response.WriteAsync("Too many login attempts from this address. Wait a minute and try again.", token);
            };
        });
        GatewayModules.Add(services, context);
        options.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            // Nothing the gateway serves may be framed by another page or sniffed as another type.
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.XFrameOptions = "DENY";
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
            if (HttpMethods.IsGet(http.Request.Method)) LiveVersion.Note(http, context.Live); // pages are GETs: noted before one reads what it shows
            await next(http);
        });
        OversizedForms.Use(app);
        app.UseRouting();
        app.Use(async (http, next) =>
        {
            // An endpoint answers on its own surface only: the kiosk cannot reach the console, nor the reverse.
            var wanted = http.GetEndpoint()?.Metadata.GetMetadata<SurfaceMetadata>()?.Surfaces;
            var here = http.RequestServices.GetRequiredService<SurfacePorts>().SurfaceOf(http.Connection.LocalPort);
            if (wanted is null || here is null || !wanted.Contains(here.Value))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync("Not found.");
                return;
            }
            if (here == Surface.Console) http.Response.OnStarting(SecureCookies, http);
            await next(http);
        });
        app.UseRateLimiter();
        AssetEndpoints.Map(app);
        KioskEndpoints.Map(app);
        SpeechEndpoints.Map(app);
        CameraEndpoints.Map(app);
        BoardEndpoints.Map(app);
        ConsoleEndpoints.Map(app);
        OperationsEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// Marks every cookie the console sets Secure (browsers keep Secure cookies on http://127.0.0.1 and localhost, which
    /// they treat as potentially trustworthy; anywhere else the console must be served over HTTPS).
    /// </summary>
    private static Task SecureCookies(object state)
    {
        var response = ((HttpContext)state).Response;
        var cookies = response.Headers.SetCookie;
        if (cookies.Count == 0) return Task.CompletedTask;
        response.Headers.SetCookie = new Microsoft.Extensions.Primitives.StringValues([.. cookies.Select(c =>
            c is null || c.Contains("; secure", StringComparison.OrdinalIgnoreCase) ? c : c + "; secure")]);
        return Task.CompletedTask;
    }

    /// <summary>Stops both surfaces and closes the ledger.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Context.Live.Dispose(); // ends open event streams so shutdown does not wait for them
        if (_control is not null) await _control.DisposeAsync();
        _control = null;
        await _app.StopAsync(cancellationToken);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            _consoleCertificate.Dispose();
            await Context.DisposeAsync();
        }
    }
}
