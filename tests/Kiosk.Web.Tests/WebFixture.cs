using System.Collections.Concurrent;
using System.Diagnostics;
using Kiosk.Gateway.Audio;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace Kiosk.Web.Tests;

/// <summary>
/// One gateway (the demo assembly in a temporary folder, a real SQLite ledger, both surfaces on 127.0.0.1 port 0) and
/// one headless Debian Chromium, shared by the tests of a collection. The gateway's web clock is <see cref="Clock"/>, a
/// fake one: the kiosk's idle time passes on the server only when a test advances it, and in a page only when the
/// test runs the page's own fake clock (Playwright's <c>page.Clock</c>), so no reset fires in the middle of a test.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium (never `playwright install`).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The kiosk's idle timeout in the tests: longer than any test, so real time never reaches it.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one browser step may take: Playwright's default for actions, navigations and <c>Expect</c> assertions in
    /// these tests. A safety net, never a pace: on a busy 2-core CI machine Chromium, the gateway and the test host share
    /// the cores, and Playwright's own 5 s for an <c>Expect</c> was short enough to fail a page that was merely slow.
    /// </summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long starting the Playwright driver, launching Chromium, opening or closing a context may take. Playwright
    /// puts no timeout on these itself: without one a stuck browser hangs the whole test run instead of failing a test.
    /// </summary>
    public static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<string> _codes = new();
    private readonly ConcurrentDictionary<IBrowserContext, bool> _contexts = new();
    private IPlaywright? _playwright;

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "kiosk-web-" + Guid.NewGuid().ToString("N"));

    /// <summary>The gateway's web clock (kiosk visits' idle expiry, console sessions).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));
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
        // The audio ballot is configured (headphones, no jack to watch): it stays off until a test starts it.
        Host = await GatewayHost.StartAsync(Options(DataPath) with { Time = Clock, Audio = new AudioOptions() });
        _playwright = await Within(Playwright.CreateAsync(), "starting the Playwright driver");
        Browser = await Within(LaunchAsync(_playwright), "launching Chromium");
    }

    /// <summary>The options of a test gateway over <paramref name="dataPath"/>.</summary>
    public static GatewayOptions Options(string dataPath, int loginAttempts = 100) => new()
    {
        DataPath = dataPath,
        GatewayKeyName = DemoAssembly.GatewayKey,
        IdleTimeout = IdleTimeout,
        LoginAttempts = loginAttempts,
    };

    /// <summary>
    /// Launches Debian's own Chromium (/usr/bin/chromium), headless: tests never download a browser. Media may play
    /// without a tap, as on a kiosk (the audio ballot speaks each new screen as it loads).
    /// </summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] moreArgs)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        // Every browser of these tests starts here, so every Expect after it waits as long as an action may (a process-wide setting).
        Assertions.SetDefaultExpectTimeout((float)StepTimeout.TotalMilliseconds);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required", .. moreArgs],
        });
    }

    /// <summary>An unused demo voter code (valid for every demo ballot).</summary>
    public string TakeCode() => _codes.TryDequeue(out var code) ? code : throw new InvalidOperationException("the fixture ran out of voter codes");

    /// <summary>A fresh browser context (no cookies, no history) with one page, kiosk-sized; scripts off when asked.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool javaScript = true)
    {
        var context = await Within(Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, JavaScriptEnabled = javaScript }),
            "opening a browser context");
        _contexts[context] = true;
        context.Close += (_, closed) => _contexts.TryRemove(closed, out bool _);
        context.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)StepTimeout.TotalMilliseconds);
        return await Within(context.NewPageAsync(), "opening a page");
    }

    /// <summary>
    /// Closes the browser context of <paramref name="page"/> (made by <see cref="NewPageAsync"/>) without racing a
    /// navigation: each of its pages first goes to about:blank, then the context closes within <see cref="BrowserTimeout"/>.
    /// </summary>
    /// <remarks>
    /// Chromium loses a context disposal (<c>Target.disposeBrowserContext</c>) that arrives while one of the context's
    /// pages is between the start and the commit of a navigation: it never answers and the page lives on, and
    /// Playwright's <c>CloseAsync</c> waits for that answer forever. Kiosk pages navigate by themselves (the idle reset,
    /// a wired button press arriving over the live stream), so a test that closed right after such a press hung about
    /// one run in seven on a busy machine. A page on about:blank has no script, timer or live stream left to start a
    /// navigation, so nothing can be in flight when the disposal arrives.
    /// </remarks>
    public static async Task CloseAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var context = page.Context;
        var url = page.Url;
        foreach (var open in context.Pages) await BlankAsync(open);
        await Within(context.CloseAsync(), $"closing the browser context of {url}");
    }

    /// <summary>Navigates <paramref name="page"/> to about:blank; a navigation the page started itself may abort ours, so go again until the deadline.</summary>
    private static async Task BlankAsync(IPage page)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await page.GotoAsync("about:blank");
                return;
            }
            catch (PlaywrightException) when (clock.Elapsed < BrowserTimeout)
            {
                // Interrupted by the page's own navigation (net::ERR_ABORTED): that one has now started, go again.
            }
        }
    }

    /// <summary>Awaits <paramref name="step"/>, or fails after <see cref="BrowserTimeout"/> naming what did not finish.</summary>
    public static async Task<T> Within<T>(Task<T> step, string what)
    {
        try
        {
            return await step.WaitAsync(BrowserTimeout);
        }
        catch (TimeoutException e) when (!step.IsCompleted)
        {
            throw new TimeoutException($"{what} did not finish within {BrowserTimeout.TotalSeconds:0} s", e);
        }
    }

    /// <inheritdoc cref="Within{T}"/>
    public static async Task Within(Task step, string what)
    {
        try
        {
            await step.WaitAsync(BrowserTimeout);
        }
        catch (TimeoutException e) when (!step.IsCompleted)
        {
            throw new TimeoutException($"{what} did not finish within {BrowserTimeout.TotalSeconds:0} s", e);
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            // Contexts a failed test left open (their pages may still be navigating by themselves) close the same safe way.
            foreach (var context in _contexts.Keys)
                if (context.Pages.Count > 0) await CloseAsync(context.Pages[0]);
                else await Within(context.CloseAsync(), "closing an empty browser context");
            if (Browser is not null) await Within(Browser.CloseAsync(), "closing Chromium");
        }
        finally
        {
            _playwright?.Dispose(); // ends the driver, which ends any Chromium it launched
        }
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
public sealed class SharedBrowser : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
