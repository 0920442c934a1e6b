using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// A kiosk visit leaves nothing for the next person: after the idle reset or "Done", Back and Reload show the welcome
/// screen, never a code or a ballot list; the receipt carries no code; no address ever holds the code; the server
/// forgets a visit on its own clock, scripts or not.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class KioskPrivacyTests(WebFixture fixture)
{
    private const string Welcome = "Welcome: vote here";

    [Fact]
    public async Task After_the_idle_reset_back_and_reload_show_the_welcome_screen_and_nothing_of_the_voter()
    {
        var page = await fixture.NewPageAsync();
        await page.Clock.InstallAsync(); // the page's idle timer runs only when the test runs it
        var urls = Record(page);
        var code = fixture.TakeCode();
        await page.EnterCodeAsync(fixture, code);
        await page.ChooseBallotAsync("summer-activities");
        await page.DoAsync("toggle:swap-market");
        await page.DoAsync("review");
        await Expect(page.Locator("#summary")).ToContainTextAsync("Swap market");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded); // the page's script has started its idle timer

        // Idle: the server forgets the visit on its clock, and the page's script goes to the welcome screen on its own.
        fixture.Clock.Advance(WebFixture.IdleTimeout);
        await page.Clock.RunForAsync((long)WebFixture.IdleTimeout.TotalMilliseconds);
        // Polled, not awaited as an event: the page navigates by itself while the clock runs, and WaitForURLAsync
        // started after that can miss the navigation event and wait for one that never comes (about one full run in
        // five on a busy machine, with the page already showing the welcome screen).
        await Expect(page).ToHaveURLAsync($"{fixture.Resident}/kiosk?reset=1");
        await ExpectNothingOfTheVoterAsync(page, code, "Swap market");

        await WalkHistoryAsync(page, code, "Swap market");
        AssertNoAddressHolds(urls, code);
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task After_done_on_the_receipt_back_and_reload_show_the_welcome_screen_and_the_receipt_held_no_code()
    {
        var page = await fixture.NewPageAsync();
        var urls = Record(page);
        var code = fixture.TakeCode();
        await page.EnterCodeAsync(fixture, code);
        await page.ChooseBallotAsync("garden-name");
        await page.DoAsync("tap:willow");
        await page.DoAsync("review");
        await page.ConfirmAsync();

        // The receipt as the server sends it (not only as the DOM shows it): no code, no way to vote again with it.
        var receipt = await (await page.APIRequest.GetAsync(page.Url)).TextAsync();
        Assert.Contains("id=\"tracker\"", receipt, StringComparison.Ordinal);
        AssertNoCode(receipt, code);
        Assert.DoesNotContain("ballot:", receipt, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Vote on another ballot" })).ToBeVisibleAsync();

        await page.Locator("[data-finish]").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{fixture.Resident}/kiosk?reset=1");
        await ExpectNothingOfTheVoterAsync(page, code, "Willow Corner");

        await WalkHistoryAsync(page, code, "Willow Corner");
        AssertNoAddressHolds(urls, code);
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task Another_ballot_after_the_receipt_needs_the_code_typed_again()
    {
        var page = await fixture.NewPageAsync();
        var code = fixture.TakeCode();
        await page.EnterCodeAsync(fixture, code);
        await page.ChooseBallotAsync("motion-quiet-hours");
        await page.DoAsync("pick:yes");
        await page.ConfirmAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Vote on another ballot" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Enter your voter code");
        await Expect(page.Locator("#code")).ToHaveValueAsync("");
        AssertNoCode(await page.ContentAsync(), code);
        await page.Locator("#code").FillAsync(code);
        await page.Locator("button.primary[value=check]").ClickAsync();
        await Expect(page.Locator("button[value='ballot:motion-quiet-hours']")).ToContainTextAsync("You have voted");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task Without_javascript_a_vote_works_and_the_server_forgets_an_idle_visit_by_itself()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        var code = fixture.TakeCode();
        await page.EnterCodeAsync(fixture, code);
        await page.ChooseBallotAsync("meeting-day");
        await page.DoAsync("pick:saturday");
        await Expect(page.Locator("#summary")).ToContainTextAsync("Saturday");
        var visit = page.Url;

        // No script ran to reset the page: the server's clock alone ends the visit.
        fixture.Clock.Advance(WebFixture.IdleTimeout);
        await page.ReloadAsync();
        Assert.Equal($"{fixture.Resident}/kiosk?reset=1", page.Url);
        await ExpectNothingOfTheVoterAsync(page, code, "Saturday");

        await page.GotoAsync(visit);
        await Expect(page.Locator("h1")).ToHaveTextAsync(Welcome);

        // The same code still votes (nothing was cast), all without a script.
        await page.EnterCodeAsync(fixture, code);
        await page.ChooseBallotAsync("meeting-day");
        await page.DoAsync("pick:saturday");
        await page.ConfirmAsync();
        await page.Locator("[data-finish]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Welcome);
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_touch_that_sends_no_request_keeps_the_visit_on_the_server()
    {
        var page = await fixture.NewPageAsync();
        await page.Clock.InstallAsync();
        await page.EnterCodeAsync(fixture, fixture.TakeCode());
        await page.ChooseBallotAsync("summer-activities");
        await page.DoAsync("toggle:film-nights");
        await Expect(page.Locator("button[value='toggle:film-nights']")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded); // the page's script is watching for touches

        // Most of the idle time passes while the resident reads; then a touch that posts no form.
        var almost = WebFixture.IdleTimeout * 0.9;
        fixture.Clock.Advance(almost);
        await page.Clock.RunForAsync((long)almost.TotalMilliseconds);
        var reported = page.WaitForResponseAsync(r => r.Url.EndsWith("/touch", StringComparison.Ordinal));
        await page.Locator("h1").ClickAsync();
        Assert.Equal(204, (await reported).Status);

        fixture.Clock.Advance(WebFixture.IdleTimeout * 0.5); // past the first idle time, not past the touch's
        await page.ReloadAsync();
        await Expect(page.Locator("button[value='toggle:film-nights']")).ToHaveAttributeAsync("aria-pressed", "true");
        await WebFixture.CloseAsync(page);
    }

    /// <summary>Every address the page requests, redirects included.</summary>
    private static ConcurrentQueue<string> Record(IPage page)
    {
        var urls = new ConcurrentQueue<string>();
        page.Request += (_, request) => urls.Enqueue(request.Url);
        return urls;
    }

    /// <summary>
    /// Goes back through the whole history, reloading each entry (accepting any resubmission prompt): every entry
    /// shows nothing of the voter, and every page of the visit has become the welcome screen.
    /// </summary>
    private async Task WalkHistoryAsync(IPage page, string code, string choice)
    {
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var visitPages = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/kiosk/visit/", StringComparison.Ordinal)) Interlocked.Increment(ref visitPages);
        };
        for (var steps = 0; await page.GoBackAsync() is not null; steps++)
        {
            Assert.True(steps < 30, "history never ended");
            await ExpectNothingOfTheVoterAsync(page, code, choice);
            await page.ReloadAsync();
            await ExpectNothingOfTheVoterAsync(page, code, choice);
        }
        Assert.True(visitPages > 0, "the history walk never came back to a page of the visit");
    }

    private async Task ExpectNothingOfTheVoterAsync(IPage page, string code, string choice)
    {
        Assert.DoesNotContain("/kiosk/visit/", page.Url, StringComparison.Ordinal); // a forgotten visit's page redirects
        if (page.Url.StartsWith($"{fixture.Resident}/kiosk?", StringComparison.Ordinal) || page.Url == $"{fixture.Resident}/kiosk")
            await Expect(page.Locator("h1")).ToHaveTextAsync(Welcome);
        var html = await page.ContentAsync();
        AssertNoCode(html, code);
        Assert.DoesNotContain(choice, html, StringComparison.Ordinal);
        await Expect(page.Locator("button[value^='ballot:']")).ToHaveCountAsync(0);
        if (await page.Locator("#code").CountAsync() > 0) await Expect(page.Locator("#code")).ToHaveValueAsync("");
    }

    private static void AssertNoAddressHolds(IEnumerable<string> urls, string code)
    {
        Assert.NotEmpty(urls);
        foreach (var url in urls) AssertNoCode(Uri.UnescapeDataString(url), code);
    }

    /// <summary>The code in any spelling a page or address could hold it: with dashes, without, lower case.</summary>
    private static void AssertNoCode(string text, string code)
    {
        var bare = code.Replace("-", "", StringComparison.Ordinal);
        foreach (var form in new[] { code, bare, code.ToLowerInvariant(), bare.ToLowerInvariant() })
            Assert.DoesNotContain(form, text, StringComparison.Ordinal);
    }
}
