using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>Labels and roles, contrast of the main colours, 60-pixel touch targets, a keyboard-only vote, page weight.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class AccessibilityTests(WebFixture fixture)
{
    /// <summary>Every control in main has an accessible name; every field a label; one h1 and a main landmark.</summary>
    private const string UnnamedControls = """
        () => {
          const problems = [];
          document.querySelectorAll("main button, main a[href], header button, header a[href]").forEach(el => {
            if (el.getAttribute("aria-hidden") === "true") return;
            const name = (el.getAttribute("aria-label") || el.innerText || "").trim();
            if (!name) problems.push(el.outerHTML.slice(0, 80));
          });
          document.querySelectorAll("main input:not([type=hidden]), main textarea, main select").forEach(el => {
            if (!(el.labels && el.labels.length) && !el.getAttribute("aria-label")) problems.push("unlabelled " + el.outerHTML.slice(0, 80));
          });
          if (document.querySelectorAll("h1").length !== 1) problems.push("h1 count " + document.querySelectorAll("h1").length);
          if (!document.querySelector("main")) problems.push("no main");
          return problems;
        }
        """;

    [Fact]
    public async Task Every_kiosk_screen_names_its_controls_and_roles()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.Resident}/kiosk");
        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedControls));
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Choose your language" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Text size" })).ToBeVisibleAsync();

        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=en");
        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedControls));
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Enter your voter code" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Keypad" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete the last character" })).ToBeVisibleAsync();

        await page.Locator("#code").FillAsync(fixture.TakeCode());
        await page.Locator("button.primary[value=check]").ClickAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedControls));
        foreach (var ballot in new[] { "summer-activities", "garden-name", "budget-2030", "consent-tool-library" })
        {
            await page.ChooseBallotAsync(ballot);
            Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedControls));
            await AssertTouchTargetsAsync(page);
            await page.DoAsync("back");
        }
        await page.ChooseBallotAsync("summer-activities");
        await Expect(page.GetByRole(AriaRole.Button, new() { Pressed = false }).First).ToBeVisibleAsync(); // toggles expose aria-pressed
        await page.DoAsync("toggle:film-nights");
        await Expect(page.Locator("main").GetByRole(AriaRole.Button, new() { Pressed = true })).ToHaveCountAsync(1);

        await page.GotoAsync($"{fixture.Resident}/board");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Result of Name the community garden" })).ToBeVisibleAsync();
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_main_colour_pairs_have_strong_contrast()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=en");
        await page.Locator("#code").FillAsync("0000-0000-0000");
        await page.Locator("button.primary[value=check]").ClickAsync();
        var pairs = await page.EvaluateAsync<string[][]>("""
            () => [["body", "body"], ["h1", "body"], [".lead", "body"], ["button.primary[value=check]", "button.primary[value=check]"],
                   [".key", ".key"], [".problem", ".problem"], ["#code", "#code"], [".bar", ".bar"]]
              .map(([fg, bg]) => [fg, getComputedStyle(document.querySelector(fg)).color, getComputedStyle(document.querySelector(bg)).backgroundColor])
            """);
        foreach (var pair in pairs)
        {
            var ratio = Contrast(Rgb(pair[1]), Rgb(pair[2]));
            Assert.True(ratio >= 7, $"{pair[0]}: {pair[1]} on {pair[2]} has contrast {ratio:0.0}:1, below 7:1 (WCAG AAA)");
        }
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_vote_can_be_made_with_the_keyboard_alone()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.Resident}/kiosk");
        await TabToAsync(page, "English");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Enter your voter code");
        await TabToAsync(page, "#code");
        await page.Keyboard.TypeAsync(fixture.TakeCode());
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Which ballot do you want to vote on?");
        await TabToAsync(page, "Quiet hours in the courtyard");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Quiet hours in the courtyard from 22:00");
        await TabToAsync(page, "Abstain");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#summary")).ToContainTextAsync("Abstain");
        await TabToAsync(page, "Confirm my vote");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#tracker")).ToBeVisibleAsync();
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_kiosk_page_weighs_under_150_KB_and_loads_nothing_from_elsewhere()
    {
        var page = await fixture.NewPageAsync();
        long bytes = 0;
        var hosts = new HashSet<string>(StringComparer.Ordinal);
        page.Response += (_, response) =>
        {
            hosts.Add(new Uri(response.Url).Authority);
            if (response.Headers.TryGetValue("content-length", out var length)) Interlocked.Add(ref bytes, long.Parse(length, CultureInfo.InvariantCulture));
        };
        await page.GotoAsync($"{fixture.Resident}/kiosk", new() { WaitUntil = WaitUntilState.Load });
        var total = bytes;
        using var http = new HttpClient();
        var measured = (await http.GetByteArrayAsync($"{fixture.Resident}/kiosk")).Length + (await http.GetByteArrayAsync($"{fixture.Resident}/assets/site.css")).Length
            + (await http.GetByteArrayAsync($"{fixture.Resident}/assets/app.js")).Length;
        Assert.True(measured < 150 * 1024, $"/kiosk with its CSS and script is {measured} bytes");
        Assert.Equal([fixture.Host.ResidentUri.Authority], hosts);
        Assert.True(total <= measured, $"the browser loaded {total} bytes, more than the page and its two assets");
        await WebFixture.CloseAsync(page);
    }

    private static async Task AssertTouchTargetsAsync(IPage page)
    {
        foreach (var target in await page.Locator("main button:not(.default-submit), main a.button, main a.choice, header .size").AllAsync())
        {
            if (!await target.IsVisibleAsync()) continue;
            var box = (await target.BoundingBoxAsync())!;
            Assert.True(box.Width >= 60 && box.Height >= 60, $"touch target {await target.TextContentAsync()} is {box.Width}×{box.Height} px");
        }
    }

    /// <summary>Presses Tab until the focused element's text (or, for "#id", the element) matches; fails after 80 presses.</summary>
    private static async Task TabToAsync(IPage page, string target)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var found = target.StartsWith('#')
                ? await page.EvaluateAsync<bool>("id => document.activeElement && document.activeElement.id === id", target[1..])
                : await page.EvaluateAsync<bool>("t => !!document.activeElement && (document.activeElement.innerText || '').includes(t)", target);
            if (found) return;
        }
        Assert.Fail($"Tab never reached {target}");
    }

    private static (double R, double G, double B) Rgb(string css)
    {
        var m = RgbPattern().Match(css);
        Assert.True(m.Success, $"not an rgb colour: {css}");
        return (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>WCAG 2 contrast ratio.</summary>
    private static double Contrast((double R, double G, double B) a, (double R, double G, double B) b)
    {
        static double Channel(double c) { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4); }
        static double Luminance((double R, double G, double B) c) => 0.2126 * Channel(c.R) + 0.7152 * Channel(c.G) + 0.0722 * Channel(c.B);
        var (l1, l2) = (Luminance(a), Luminance(b));
        return (Math.Max(l1, l2) + 0.05) / (Math.Min(l1, l2) + 0.05);
    }

    [GeneratedRegex(@"rgba?\((\d+),\s*(\d+),\s*(\d+)")]
    private static partial Regex RgbPattern();
}
