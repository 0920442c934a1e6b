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

    /// <summary>
    /// Every visible text against the background behind it, at least 7:1 (WCAG AAA), and every control's border against
    /// what surrounds it, at least 3:1 (WCAG 1.4.11), both computed from the page's computed styles. Disabled controls,
    /// charts (SVG) and hidden elements are left out, as WCAG leaves them out.
    /// </summary>
    internal const string ContrastProblems = """
        () => {
          const parse = c => { const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(c); return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null; };
          const channel = c => { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
          const lum = c => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
          const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
          const behind = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c[3] > 0) return c; } return [255, 255, 255, 1]; };
          const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + ` "${(el.innerText || el.value || "").trim().slice(0, 30)}"`;
          const problems = [];
          for (const el of document.querySelectorAll("body *")) {
            if (el.closest("svg, script, style, .skip, .default-submit, :disabled, [aria-hidden=true]")) continue;
            const style = getComputedStyle(el);
            if (style.visibility === "hidden" || !el.getClientRects().length) continue;
            if ([...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) {
              const r = ratio(parse(style.color), behind(el));
              if (r < 7) problems.push(`text ${name(el)}: ${style.color} on ${behind(el)} is ${r.toFixed(2)}:1`);
            }
            if (el.matches("button, a.button, a.choice, a.size, .key, input:not([type=hidden]), textarea, select")) {
              const outside = behind(el.parentElement);
              const r = parseFloat(style.borderTopWidth) > 0 ? ratio(parse(style.borderTopColor), outside) : 0;
              if (r < 3) problems.push(`border of ${name(el)}: ${style.borderTopColor} (${style.borderTopWidth}) on ${outside} is ${r.toFixed(2)}:1`);
            }
          }
          return problems;
        }
        """;

    [Fact]
    public async Task Every_text_and_control_border_of_the_kiosk_board_and_console_has_strong_contrast()
    {
        var problems = new List<string>();
        var page = await fixture.NewPageAsync(1024, 768);
        async Task Check(string screen)
        {
            foreach (var problem in await page.EvaluateAsync<string[]>(ContrastProblems)) problems.Add($"{screen}: {problem}");
        }
        await page.GotoAsync($"{fixture.Resident}/kiosk");
        await Check("welcome");
        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=en");
        await page.Locator("#code").FillAsync("0000-0000-0000");
        await page.Locator("#actions .primary").ClickAsync();
        await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
        await Check("code with a problem");
        await page.Locator("#code").FillAsync(fixture.TakeCode());
        await page.Locator("#actions .primary").ClickAsync();
        await Check("ballots");
        foreach (var (ballot, action) in new[] { ("garden-name", "tap:oak"), ("budget-2030", "toggle:trees"), ("motion-quiet-hours", "") })
        {
            await page.ChooseBallotAsync(ballot);
            if (action.Length > 0) await page.DoAsync(action);
            await Check(ballot);
            await page.DoAsync("back");
        }
        await page.ChooseBallotAsync("motion-quiet-hours");
        await page.DoAsync("pick:yes");
        await Check("review");
        await page.ConfirmAsync();
        await Check("receipt");
        await page.GotoAsync($"{fixture.Resident}/board");
        await Check("board");
        await page.GotoAsync($"{fixture.Console}/console/login");
        await Check("console login");
        await WebFixture.CloseAsync(page);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_focus_ring_shows_on_every_control_a_tab_reaches()
    {
        var page = await fixture.NewPageAsync(1024, 768);
        await page.EnterCodeAsync(fixture, fixture.TakeCode());
        await page.ChooseBallotAsync("budget-2030");
        await Expect(page.Locator("form input[name=screen]")).ToHaveValueAsync("vote");
        await page.WaitForLoadStateAsync(LoadState.Load);
        var seen = new List<string>();
        for (var i = 0; i < 14; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var ring = await page.EvaluateAsync<string[]?>("""
                () => {
                  const el = document.activeElement, s = getComputedStyle(el);
                  if (el === document.body) return null;
                  return [el.outerHTML.slice(0, 60), s.outlineStyle, s.outlineWidth, el.matches(":focus-visible") ? "visible" : "not visible"];
                }
                """);
            if (ring is null) break; // past the last control
            seen.Add(ring[0]);
            Assert.True(ring[1] != "none" && double.Parse(ring[2].Replace("px", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) >= 3 && ring[3] == "visible",
                $"focused {ring[0]} has outline {ring[1]} {ring[2]}, {ring[3]}");
        }
        Assert.Contains(seen, s => s.Contains("toggle:", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.Contains("value=\"review\"", StringComparison.Ordinal));
        await WebFixture.CloseAsync(page);
    }

    [Theory]
    [InlineData("en", "€3,000", "Chosen: €6,000 of €10,000 (left: €4,000)")]
    [InlineData("es", "3.000\u00a0€", "6.000\u00a0€ de 10.000\u00a0€")]
    public async Task The_budget_screen_keeps_each_tick_in_one_place_and_writes_money_as_the_language_does(string lang, string cost, string total)
    {
        var page = await fixture.NewPageAsync(800, 480);
        await page.EnterCodeAsync(fixture, fixture.TakeCode(), lang);
        await page.ChooseBallotAsync("budget-2030");
        await page.DoAsync("toggle:trees");
        await Expect(page.Locator("button[value='toggle:benches'] .cost")).ToContainTextAsync(cost);
        await Expect(page.Locator(".total")).ToContainTextAsync(total);
        var offsets = await page.Locator("main .toggle").EvaluateAllAsync<double[][]>("""
            cards => cards.map(card => { const c = card.getBoundingClientRect(), t = card.querySelector(".tick").getBoundingClientRect();
              return [Math.round(t.left - c.left), Math.round(t.top - c.top), Math.round(t.width)]; })
            """);
        Assert.Equal(4, offsets.Length);
        Assert.All(offsets, o => Assert.Equal(offsets[0], o));
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_delete_key_and_the_text_sizes_are_labelled_in_words()
    {
        var page = await fixture.NewPageAsync(800, 480);
        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=en");
        await Expect(page.Locator("button[data-key=del]")).ToContainTextAsync("Delete");
        await Expect(page.Locator("header .size-label")).ToBeVisibleAsync();
        await Expect(page.Locator("header .size-label")).ToHaveTextAsync("Text size");
        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=es");
        await Expect(page.Locator("button[data-key=del]")).ToContainTextAsync("Borrar");
        await Expect(page.Locator("header .size-label")).ToHaveTextAsync("Tamaño del texto");
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
