using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// Every kiosk screen of every counting method fits the displays kiosks really have (the Raspberry Pi 7″ 800×480,
/// the Touch Display 2 at 720×1280 portrait, 1024×768, 1280×800) at every text size: nothing scrolls sideways, the
/// primary step and Back are inside the viewport without scrolling, the page itself never scrolls (the content scrolls
/// in its own region), the first option is in sight (at the largest text: a scroll of the content away), and the
/// example code and the receipt's tracker are each on one line. The walk visits the welcome, the code screen (empty and
/// with a problem), the ballot list, each method's vote screen (empty, with a choice, the budget over its limit), the
/// objection, each review, the receipt with its "write it down" card and the refusal screen. The idle reset and "Done"
/// lead to the welcome screen, checked first.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ScreenFitTests(WebFixture fixture, ITestOutputHelper output)
{
    /// <summary>The displays: width × height in CSS pixels.</summary>
    public static readonly (int Width, int Height)[] Displays = [(800, 480), (720, 1280), (1024, 768), (1280, 800)];

    /// <summary>
    /// What is wrong with the screen at the current viewport, as sentences (empty when it fits). The primary step is
    /// the action bar's primary button (else Back, else the first language on the welcome screen). The first option must be
    /// in sight (<c>firstInSight</c>, normal and large text) or, at the largest text, reachable by scrolling the content.
    /// </summary>
    internal const string FitProblems = """
        firstInSight => {
          const problems = [];
          const w = window.innerWidth, h = window.innerHeight, doc = document.documentElement;
          if (doc.scrollWidth > w + 1) problems.push(`the page scrolls sideways (${doc.scrollWidth} px wide)`);
          const screen = document.querySelector("#screen");
          if (screen && screen.scrollWidth > screen.clientWidth + 1) problems.push(`the content scrolls sideways (${screen.scrollWidth} of ${screen.clientWidth} px)`);
          if (screen && doc.scrollHeight > h + 1) problems.push(`the page itself scrolls (${doc.scrollHeight} px tall)`);
          const inside = (el, what) => {
            if (!el) return;
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.top < -0.5 || r.left < -0.5 || r.bottom > h + 0.5 || r.right > w + 0.5)
              problems.push(`${what} "${el.innerText.trim()}" is at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
          };
          const primary = document.querySelector("#actions .primary") || document.querySelector("main .languages .choice");
          const back = document.querySelector("#actions [data-back]");
          if (!primary && !back) problems.push("no primary step and no Back");
          inside(primary, "the primary step");
          inside(back, "Back");
          const first = document.querySelector("main .choices .choice");
          if (first) {
            const r = first.getBoundingClientRect(), bar = document.querySelector("#actions");
            const bottom = bar ? bar.getBoundingClientRect().top : h;
            if (r.top >= bottom - 8 && (firstInSight || !screen || screen.scrollHeight <= screen.clientHeight))
              problems.push(`the first option starts at y=${Math.round(r.top)}, below the visible content (ends at ${Math.round(bottom)})`);
          }
          const example = document.querySelector(".example");
          if (example && example.getClientRects().length !== 1) problems.push("the example code wraps");
          const tracker = document.querySelector("#tracker");
          if (tracker) {
            // The text's own boxes (the paragraph's box is as wide as the column whatever the text does).
            const range = document.createRange();
            range.selectNodeContents(tracker);
            const lines = range.getClientRects(), r = range.getBoundingClientRect();
            if (lines.length !== 1) problems.push("the tracker wraps");
            if (r.left < -0.5 || r.right > w + 0.5 || (screen && (r.left < screen.getBoundingClientRect().left - 0.5 || r.right > screen.getBoundingClientRect().right + 0.5)))
              problems.push(`the tracker is at x=${Math.round(r.left)}–${Math.round(r.right)}, outside the screen`);
          }
          return problems;
        }
        """;

    [Fact]
    public async Task Every_screen_of_every_method_fits_every_display_at_every_text_size()
    {
        var clock = Stopwatch.StartNew();
        var problems = new List<string>();
        var checks = 0;
        var overBudget = false;
        var page = await fixture.NewPageAsync(1280, 800);

        async Task CheckAsync(string screen)
        {
            var found = await ProblemsAsync(page, screen);
            checks += Displays.Length * Sizes.Length;
            problems.AddRange(found);
        }

        await page.GotoAsync($"{fixture.Resident}/kiosk");
        await CheckAsync("welcome");
        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=en");
        await CheckAsync("code");
        await page.Locator("#code").FillAsync("0000-0000-0000");
        await page.Locator("#actions .primary").ClickAsync();
        await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
        await CheckAsync("code with a problem");
        await page.Locator("#code").FillAsync(fixture.TakeCode());
        await page.Locator("#actions .primary").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Which ballot do you want to vote on?");
        await CheckAsync("ballots");

        var ballots = await page.Locator("main button[value^='ballot:']").EvaluateAllAsync<string[]>("els => els.map(e => e.value.slice(7))");
        Assert.True(ballots.Length >= 9, $"the demo has a ballot per method; the list shows {ballots.Length}");
        foreach (var ballot in ballots)
        {
            await page.ChooseBallotAsync(ballot);
            await Expect(page.Locator("form input[name=screen]")).ToHaveValueAsync("vote");
            await CheckAsync($"{ballot}: vote");
            var first = page.Locator("main .choices .choice").First;
            var action = await first.GetAttributeAsync("value") ?? "";
            if (ballot == "consent-tool-library") action = "pick:object";
            await page.DoAsync(action);
            if (action.StartsWith("pick:object", StringComparison.Ordinal))
            {
                await Expect(page.Locator("form input[name=screen]")).ToHaveValueAsync("objection");
                await CheckAsync($"{ballot}: objection");
                await page.DoAsync("review");
            }
            else if (!action.StartsWith("pick:", StringComparison.Ordinal))
            {
                await CheckAsync($"{ballot}: vote with a choice");
                if (await page.Locator("main .total").CountAsync() > 0)
                {
                    // The budget screen at its tallest: the over-budget warning above the total and the cards.
                    foreach (var toggle in await page.Locator("main .choices .choice").EvaluateAllAsync<string[]>("els => els.map(e => e.value)"))
                    {
                        if (toggle == action) continue;
                        await page.DoAsync(toggle);
                        if (await page.Locator("main [role=alert]").CountAsync() > 0) break;
                    }
                    await Expect(page.Locator("main [role=alert]")).ToBeVisibleAsync();
                    await CheckAsync($"{ballot}: vote over the budget");
                    overBudget = true;
                }
                await page.DoAsync("review");
            }
            await Expect(page.Locator("#summary")).ToBeVisibleAsync();
            await CheckAsync($"{ballot}: review");
            if (ballot == ballots[^1])
            {
                await page.ConfirmAsync();
                // No printer here: the tracker large, on the "write it down" card.
                await Expect(page.Locator(".write-down #tracker")).ToBeVisibleAsync();
                await CheckAsync($"{ballot}: receipt with the write-it-down card");
            }
            else
            {
                await page.DoAsync("edit");
                await page.DoAsync("back");
                await Expect(page.Locator("form input[name=screen]")).ToHaveValueAsync("ballots");
            }
        }
        Assert.True(overBudget, "the demo's budget ballot showed no over-budget warning");

        // Refused: the same code voted at another kiosk meanwhile, and on this ballot the first vote counts (in Spanish,
        // whose words run longer). The refusal names the problem; Start again is the only step.
        var code = fixture.TakeCode();
        await page.EnterCodeAsync(fixture, code, "es");
        await page.ChooseBallotAsync("meeting-day");
        await page.DoAsync("pick:tuesday");
        var elsewhere = await fixture.Host.Context.Desk.CastWithCodeAsync("meeting-day", code, ["tuesday"]);
        Assert.True(elsewhere.IsAccepted, elsewhere.Refusal?.Message);
        await page.DoAsync("confirm");
        await Expect(page.Locator("form input[name=screen]")).ToHaveValueAsync("refused");
        await Expect(page.Locator("main [role=alert]")).ToContainTextAsync("ya se ha usado");
        await CheckAsync("refused (a code used meanwhile), in Spanish");

        await WebFixture.CloseAsync(page);
        output.WriteLine($"{checks} screen × display × text size checks in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The text sizes of the header's buttons.</summary>
    internal static readonly string[] Sizes = ["m", "l", "xl"];

    /// <summary>
    /// What does not fit on the screen <paramref name="page"/> shows, at every display and text size (the sizes switched
    /// with the header's buttons, which keep the screen), each problem naming <paramref name="screen"/>. The page ends at
    /// 1280×800 in the largest text.
    /// </summary>
    internal static async Task<List<string>> ProblemsAsync(IPage page, string screen)
    {
        var problems = new List<string>();
        foreach (var size in Sizes)
        {
            await SetSizeAsync(page, size);
            foreach (var (width, height) in Displays)
            {
                await page.SetViewportSizeAsync(width, height);
                foreach (var problem in await page.EvaluateAsync<string[]>(FitProblems, size != "xl"))
                    problems.Add($"{screen} at {width}×{height}, text {size}: {problem}");
            }
        }
        await page.SetViewportSizeAsync(1280, 800);
        return problems;
    }

    /// <summary>Switches the text size the way a resident does: the header's size buttons (a form post) or links (welcome).</summary>
    private static async Task SetSizeAsync(IPage page, string size)
    {
        if (await page.Locator("body").GetAttributeAsync("class") is { } classes && classes.Split(' ').Contains("size-" + size)) return;
        await page.Locator($"header .size-{size}").ClickAsync();
        await Expect(page.Locator("body")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex($"\\bsize-{size}\\b"));
    }
}
