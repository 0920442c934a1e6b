using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Ledger.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// A kiosk confirm while the disk holding the data folder is full: the resident is told in their own language that the
/// vote was not recorded and what to do, on a page that fits the kiosk's screen, never a blank 500. Nothing is written,
/// so the same code votes once there is room again. The gateway's data folder is on a small tmpfs (tests run as root);
/// the browser is the collection's shared Chromium.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class FullDiskKioskTests(WebFixture fixture)
{
    [Theory]
    [InlineData("es", "Su voto no se ha registrado: este quiosco no puede guardar votos ahora mismo")]
    [InlineData("ar", "لم يُسجَّل صوتك: لا يستطيع هذا الكشك حفظ الأصوات الآن")]
    public async Task A_confirm_on_a_full_disk_tells_the_voter_in_their_language_and_writes_nothing(string lang, string sentence)
    {
        using var disk = new SmallDisk(32);
        var data = Path.Combine(disk.Path, "data");
        var codes = await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(data)), 1, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        await using var host = await GatewayHost.StartAsync(WebFixture.Options(data));
        var context = await WebFixture.Within(fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 800, Height = 480 } }), "opening a context");
        var page = await WebFixture.Within(context.NewPageAsync(), "opening a page");
        var statuses = new System.Collections.Concurrent.ConcurrentQueue<(string Method, string Type, int Status)>();
        page.Response += (_, response) => statuses.Enqueue((response.Request.Method, response.Request.ResourceType, response.Status));
        try
        {
            var resident = host.ResidentUri.ToString().TrimEnd('/');
            await page.GotoAsync($"{resident}/kiosk/code?lang={lang}");
            await page.Locator("#code").FillAsync(codes[0]);
            await page.Locator("button.primary[value=check]").ClickToNextScreenAsync();
            await page.ChooseBallotAsync("motion-quiet-hours");
            await page.DoAsync("pick:yes");
            await Expect(page.Locator("#summary")).ToBeVisibleAsync();
            var before = host.Context.Ledger.StateHash();

            disk.Fill();
            statuses.Clear();
            await page.DoAsync("confirm");

            await Expect(page.Locator("[role=alert]")).ToContainTextAsync(sentence);
            Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
            Assert.DoesNotContain(statuses, s => s.Status >= 500);
            // The confirm is answered like every step (see the next screen), and the next screen is a page.
            Assert.Equal(new[] { ("POST", 303), ("GET", 200) }, statuses.Where(s => s.Type == "document").Select(s => (s.Method, s.Status)));
            Assert.Empty(await page.EvaluateAsync<string[]>(ScreenFitTests.FitProblems, true));
            Assert.Equal(before, host.Context.Ledger.StateHash());

            // Nothing was written, the code included: with room again the same code votes.
            disk.Free();
            await page.DoAsync("done");
            await page.GotoAsync($"{resident}/kiosk/code?lang={lang}");
            await page.Locator("#code").FillAsync(codes[0]);
            await page.Locator("button.primary[value=check]").ClickToNextScreenAsync();
            await page.ChooseBallotAsync("motion-quiet-hours");
            await page.DoAsync("pick:yes");
            await page.ConfirmAsync();
        }
        finally
        {
            await WebFixture.CloseAsync(page);
        }
    }
}
