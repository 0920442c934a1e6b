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
        await page.Locator("button.primary[value=check]").ClickToNextScreenAsync();
    }

    /// <summary>On the ballot list, chooses ballot <paramref name="id"/>.</summary>
    public static Task ChooseBallotAsync(this IPage page, string id) => page.Locator($"button[value='ballot:{id}']").ClickToNextScreenAsync();

    /// <summary>Presses the button that sends <paramref name="action"/> (pick:yes, tap:oak, toggle:mural, review, confirm…).</summary>
    public static Task DoAsync(this IPage page, string action) => page.Locator($"main button[value='{action}']:not(.default-submit)").ClickToNextScreenAsync();

    /// <summary>
    /// Clicks a kiosk button, which posts its form, and waits until the next screen has loaded.
    /// </summary>
    /// <remarks>
    /// Every kiosk step is a form post answered by a new page. A test that clicks again while the last post is still in
    /// flight makes two navigations overlap: the browser cancels one, and which one depends on the machine's load.
    /// Waiting for each screen's load keeps one navigation at a time, as a resident's finger does.
    /// </remarks>
    public static async Task ClickToNextScreenAsync(this ILocator button)
    {
        ArgumentNullException.ThrowIfNull(button);
        var page = button.Page;
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage loadedPage) => loaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            await button.ClickAsync();
            await loaded.Task.WaitAsync(WebFixture.StepTimeout);
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }

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
