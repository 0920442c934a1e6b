using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>A USB code scanner (a keyboard that types the code and Enter) on the welcome screen.</summary>
[Collection(SharedBrowser.Name)]
public sealed class CodeScannerTests(WebFixture fixture)
{
    [Fact]
    public async Task A_scanned_code_goes_from_the_welcome_straight_to_the_ballots_in_the_chosen_language()
    {
        var page = await fixture.NewPageAsync(800, 480);
        await page.GotoAsync($"{fixture.Resident}/kiosk?lang=es&size=l");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Bienvenida: vote aquí");
        // Nothing has focus: the scanner types into the page as a whole, fast, then Enter.
        await page.Keyboard.TypeAsync(fixture.TakeCode());
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("¿En qué votación quiere votar?");
        await Expect(page.Locator("body")).ToHaveClassAsync("kiosk size-l");
        Assert.DoesNotContain("code", page.Url, StringComparison.OrdinalIgnoreCase);
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_misread_scan_lands_on_the_code_screen_saying_what_is_wrong()
    {
        var page = await fixture.NewPageAsync(800, 480);
        await page.GotoAsync($"{fixture.Resident}/kiosk");
        var code = fixture.TakeCode();
        var misread = code[..^1] + (code[^1] == '0' ? '1' : '0');
        await page.Keyboard.TypeAsync(misread);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("typing mistake");
        await Expect(page.Locator("#code")).ToHaveValueAsync(misread);
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task Enter_on_a_language_without_a_scanned_code_still_opens_that_language()
    {
        var page = await fixture.NewPageAsync(800, 480);
        await page.GotoAsync($"{fixture.Resident}/kiosk");
        await page.Locator("a.choice[lang=es]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Escriba su código de votación");
        await WebFixture.CloseAsync(page);
    }
}
