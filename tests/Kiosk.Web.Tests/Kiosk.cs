using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>What a resident does at the kiosk, as steps the tests share.</summary>
public static class Kiosk
{
    /// <summary>Opens the code screen in English and enters <paramref name="code"/> by typing.</summary>
    public static async Task EnterCodeAsync(this IPage page, WebFixture fixture, string code, string lang = "en")
    {
        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang={lang}");
        await page.Locator("#code").FillAsync(code);
        await page.Locator("button.primary[value=check]").ClickAsync();
    }

    /// <summary>On the ballot list, chooses ballot <paramref name="id"/>.</summary>
    public static Task ChooseBallotAsync(this IPage page, string id) => page.Locator($"button[value='ballot:{id}']").ClickAsync();

    /// <summary>Presses the button that sends <paramref name="action"/> (pick:yes, tap:oak, toggle:mural, review, confirm…).</summary>
    public static Task DoAsync(this IPage page, string action) => page.Locator($"main button[value='{action}']:not(.default-submit)").ClickAsync();

    /// <summary>Confirms on the review screen and returns the receipt tracker.</summary>
    public static async Task<string> ConfirmAsync(this IPage page)
    {
        await page.DoAsync("confirm");
        await Expect(page.Locator("#tracker")).ToBeVisibleAsync();
        var tracker = (await page.Locator("#tracker").TextContentAsync())!.Trim();
        Assert.Matches("^[0-9A-Z]{5}-[0-9A-Z]{5}$", tracker);
        return tracker;
    }
}
