using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Microsoft.Playwright;

namespace Kiosk.Web.Tests;

/// <summary>
/// A kiosk with a camera: a gateway of its own (a demo assembly in a temporary folder, <c>Camera</c> on) and a headless
/// Chromium whose fake camera (<c>--use-fake-device-for-media-stream</c>, permission granted by
/// <c>--use-fake-ui-for-media-stream</c>) plays a Y4M file showing the QR code of <see cref="Code"/>, an unused voter code.
/// </summary>
public sealed class CameraKiosk : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public string DataPath { get; } = Directory.CreateTempSubdirectory("kiosk-camera").FullName;

    /// <summary>The voter code the camera sees.</summary>
    public string Code { get; private set; } = "";

    /// <summary>Another unused voter code (for the endpoint's own tests).</summary>
    public string OtherCode { get; private set; } = "";

    public GatewayHost Host { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The kiosk's base address.</summary>
    public string Resident => Host.ResidentUri.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        var codes = await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(DataPath)), 2, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        (Code, OtherCode) = (codes[0], codes[1]);
        Host = await GatewayHost.StartAsync(WebFixture.Options(DataPath) with { Camera = true });
        var video = Path.Combine(DataPath, "slip.y4m");
        QrFrame.WriteY4m(video, QrFrame.Of(Code));
        _playwright = await WebFixture.Within(Playwright.CreateAsync(), "starting the Playwright driver");
        Browser = await WebFixture.Within(WebFixture.LaunchAsync(_playwright,
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--use-file-for-fake-video-capture=" + video), "launching Chromium with a fake camera");
    }

    /// <summary>A fresh browser context with one page of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public async Task<IPage> NewPageAsync(int width = 800, int height = 480)
    {
        var context = await WebFixture.Within(Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } }),
            "opening a browser context");
        context.SetDefaultTimeout((float)WebFixture.StepTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)WebFixture.StepTimeout.TotalMilliseconds);
        return await WebFixture.Within(context.NewPageAsync(), "opening a page");
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Browser is not null) await WebFixture.Within(Browser.CloseAsync(), "closing Chromium");
        }
        finally
        {
            _playwright?.Dispose();
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
