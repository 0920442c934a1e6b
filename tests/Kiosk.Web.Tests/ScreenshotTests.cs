using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// Screenshots of the kiosk's main screens on the Raspberry Pi 7″ display (800×480), the board (also in Arabic, right to
/// left) and the console. With KIOSK_SCREENSHOTS=1 they are written to
/// docs/screenshots/ (committed and shown in the README); otherwise to a temporary folder, deleted afterwards, so the
/// test still checks every screen renders.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ScreenshotTests(WebFixture fixture)
{
    [Fact]
    public async Task Screenshots_of_the_main_screens()
    {
        var keep = Environment.GetEnvironmentVariable("KIOSK_SCREENSHOTS") == "1";
        var folder = keep ? RepoFolder("docs", "screenshots") : Directory.CreateTempSubdirectory("kiosk-shots").FullName;
        Directory.CreateDirectory(folder);
        try
        {
            await ShootAsync(folder);
        }
        finally
        {
            if (!keep) Directory.Delete(folder, recursive: true);
        }
    }

    private async Task ShootAsync(string folder)
    {
        var page = await fixture.NewPageAsync(800, 480);
        // Each shot follows an expectation that only the screen being shot meets, so its page has arrived; then its
        // load event, so its stylesheet has applied. A failure here is a failure: nothing is retried or swallowed.
        async Task Shot(string name, bool full = false)
        {
            await page.WaitForLoadStateAsync(LoadState.Load);
            var path = Path.Combine(folder, name + ".png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = full });
            Assert.True(new FileInfo(path).Length > 5_000, $"{name}.png is nearly empty");
        }

        await page.GotoAsync($"{fixture.Resident}/kiosk");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Welcome: vote here");
        await Shot("kiosk-1-welcome");
        var code = fixture.TakeCode();
        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=en");
        await page.Locator("#code").FillAsync(code[..^1] + (code[^1] == '0' ? '1' : '0'));
        await page.Locator("button.primary[value=check]").ClickAsync();
        await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
        await Shot("kiosk-2-code-mistyped");
        await page.Locator("#code").FillAsync(code);
        await page.Locator("button.primary[value=check]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Which ballot do you want to vote on?");
        await Shot("kiosk-3-choose-ballot");
        await page.ChooseBallotAsync("motion-quiet-hours");
        await Expect(page.Locator("button[value='pick:abstain']")).ToBeVisibleAsync();
        await Shot("kiosk-4-yes-no");
        await page.DoAsync("back");
        await page.ChooseBallotAsync("garden-name");
        await page.DoAsync("tap:willow");
        await Expect(page.Locator("ol.ranking li")).ToHaveCountAsync(1);
        await Shot("kiosk-5-ranking");
        await page.DoAsync("back");
        await page.ChooseBallotAsync("budget-2030");
        await page.DoAsync("toggle:trees");
        await page.DoAsync("toggle:bike-racks");
        await Expect(page.Locator("button[value='toggle:bike-racks']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Shot("kiosk-6-budget");
        await page.DoAsync("review");
        await Expect(page.Locator("#summary")).ToBeVisibleAsync();
        await Shot("kiosk-7-review");
        await page.ConfirmAsync();
        await Shot("kiosk-8-receipt");
        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=es&size=xl");
        await Expect(page.Locator("body")).ToHaveClassAsync("kiosk size-xl");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Escriba su código de votación");
        await Shot("kiosk-9-spanish-large-text");

        // A few votes so the board has results to chart (cast through the desk, as other kiosks would).
        var desk = fixture.Host.Context.Desk;
        string[][] rankings = [["oak", "willow"], ["willow", "maple"], ["maple", "willow", "oak"], ["willow"], ["oak", "maple"]];
        string[][] budgets = [["trees", "bike-racks"], ["mural", "benches"], ["trees", "mural"], ["benches", "bike-racks", "mural"], ["trees"]];
        for (var i = 0; i < rankings.Length; i++)
        {
            var voter = fixture.TakeCode();
            Assert.True((await desk.CastWithCodeAsync("garden-name", voter, rankings[i])).IsAccepted);
            Assert.True((await desk.CastWithCodeAsync("budget-2030", voter, budgets[i])).IsAccepted);
            Assert.True((await desk.CastWithCodeAsync("motion-quiet-hours", voter, [i % 3 == 2 ? "no" : "yes"])).IsAccepted);
            Assert.True((await desk.CastWithCodeAsync("meeting-day", voter, [i % 2 == 0 ? "thursday" : "saturday"])).IsAccepted);
        }
        await page.SetViewportSizeAsync(1600, 1000);
        await page.GotoAsync($"{fixture.Resident}/board");
        await Expect(page.Locator("#board svg.chart").First).ToBeVisibleAsync();
        await Shot("board", full: true);
        await page.GotoAsync($"{fixture.Resident}/board?lang=ar");
        await Expect(page.Locator("h1")).ToHaveTextAsync("لوحة الجمعية");
        await Expect(page.Locator("#board svg.chart").First).ToBeVisibleAsync();
        await Shot("board-arabic", full: true);

        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync($"{fixture.Console}/console/login");
        await page.GetByLabel("Facilitator").SelectOptionAsync(Gateway.Cli.DemoAssembly.FacilitatorKey);
        await page.GetByLabel("Passphrase").FillAsync(Gateway.Cli.DemoAssembly.FacilitatorPassphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ballots");
        await Shot("console-ballots");
        await page.GotoAsync($"{fixture.Console}/console/ballots/committee-2030");
        await Expect(page.Locator("h1")).ToContainTextAsync("Coordinating committee");
        await Shot("console-ballot", full: true);
        await WebFixture.CloseAsync(page);
    }

    private static string RepoFolder(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiosk.sln"))) dir = dir.Parent;
        return Path.Combine([dir?.FullName ?? throw new InvalidOperationException("Kiosk.sln not found above the test folder"), .. parts]);
    }
}
