using Kiosk.Gateway.Data;
using System.Collections.Concurrent;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Microsoft.Playwright;

namespace Kiosk.Web.Tests;

/// <summary>
/// One gateway (the demo assembly in a temporary folder, a real SQLite ledger, both surfaces on 127.0.0.1 port 0, a
/// 2-second idle timeout) and one headless Debian Chromium, shared by the tests of a collection.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium (never `playwright install`).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The idle timeout the kiosk pages use in the tests.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentQueue<string> _codes = new();
    private IPlaywright? _playwright;

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "kiosk-web-" + Guid.NewGuid().ToString("N"));
    public GatewayHost Host { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The kiosk and board's base address.</summary>
    public string Resident => Host.ResidentUri.ToString().TrimEnd('/');

    /// <summary>The console's base address.</summary>
    public string Console => Host.ConsoleUri.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        var data = new DataFolder(new DirectoryInfo(DataPath));
        foreach (var code in await DemoAssembly.CreateAsync(data, 60, CancellationToken.None)) _codes.Enqueue(code);
        Host = await GatewayHost.StartAsync(Options(DataPath));
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>The options of a test gateway over <paramref name="dataPath"/>.</summary>
    public static GatewayOptions Options(string dataPath, int loginAttempts = 100) => new()
    {
        DataPath = dataPath,
        GatewayKeyName = DemoAssembly.GatewayKey,
        IdleTimeout = IdleTimeout,
        LoginAttempts = loginAttempts,
    };

    /// <summary>Launches headless Chromium as PLATFORM.md says.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>An unused demo voter code (valid for every demo ballot).</summary>
    public string TakeCode() => _codes.TryDequeue(out var code) ? code : throw new InvalidOperationException("the fixture ran out of voter codes");

    /// <summary>A fresh browser context (no cookies, no history) with one page, kiosk-sized.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The tests sharing one gateway and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
