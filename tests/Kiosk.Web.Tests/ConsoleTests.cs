using Kiosk.Gateway.Data;
using System.Net;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>The facilitators' console: login, CSRF, rate limit, and a ballot's whole life from template to certified result.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ConsoleTests(WebFixture fixture)
{
    private async Task<IPage> LogInAsync(string passphrase = DemoAssembly.FacilitatorPassphrase)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.Console}/console");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Facilitator login");
        await page.GetByLabel("Facilitator").SelectOptionAsync(DemoAssembly.FacilitatorKey);
        await page.GetByLabel("Passphrase").FillAsync(passphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        return page;
    }

    [Fact]
    public async Task A_facilitator_runs_a_ballot_from_template_to_certified_result_shown_on_the_board()
    {
        var page = await LogInAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ballots");

        // The session cookie is Secure, HttpOnly and SameSite=Strict, and Chromium keeps it on http://127.0.0.1.
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "kiosk-console");
        Assert.True(session.Secure);
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        await page.GotoAsync($"{fixture.Console}/console/ballots/new?method=yes-no");
        var template = await page.Locator("#ballot").InputValueAsync();
        await page.Locator("#ballot").FillAsync(template
            .Replace("id: motion-quiet-hours", "id: lift-repair", StringComparison.Ordinal)
            .Replace("Quiet hours in the courtyard from 22:00", "Repair the lift this month", StringComparison.Ordinal)
            .Replace("quorum: 0.5", "quorum: 0.2", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish ballot" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Repair the lift this month");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("draft");

        await page.GetByLabel("How many codes").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue and print codes" }).ClickAsync();
        // The click returns once the slips' page starts loading; reading them at once could find none (or some) parsed yet.
        await Expect(page.Locator(".slip .code")).ToHaveCountAsync(3);
        var codes = await page.Locator(".slip .code").AllTextContentsAsync();

        await page.GotoAsync($"{fixture.Console}/console/ballots/lift-repair");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open for votes" }).ClickAsync();
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("open");

        var resident = await fixture.NewPageAsync();
        await resident.EnterCodeAsync(fixture, codes[0]);
        await Expect(resident.Locator("h1")).ToHaveTextAsync("Repair the lift this month"); // a code for one ballot goes straight to it
        await resident.DoAsync("pick:yes");
        var tracker = await resident.ConfirmAsync();

        // The secret vote waits in the gateway's ballot box for its batch: the live turnout moves per batch, not per vote.
        Assert.Equal(1, fixture.Host.Context.Desk.QueuedCount("lift-repair"));
        await Expect(page.Locator("[data-live-src] strong")).ToHaveTextAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the ballot" }).ClickAsync(); // publishes the batch, then CloseSeen
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("provisional");
        await page.GetByRole(AriaRole.Button, new() { Name = "Certify the result" }).ClickAsync();
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("final · certified");

        await resident.GotoAsync($"{fixture.Resident}/board");
        var onBoard = resident.Locator("#ballot-lift-repair");
        await Expect(onBoard.Locator(".badge")).ToHaveTextAsync("final · certified");
        await Expect(onBoard.Locator(".decision")).ToHaveTextAsync("Passed");
        await Expect(onBoard.Locator("svg.chart")).ToHaveCountAsync(1);
        await Expect(onBoard.Locator(".tracker-list")).ToContainTextAsync(tracker);

        var csv = await page.APIRequest.GetAsync($"{fixture.Console}/console/ballots/lift-repair/export.csv");
        Assert.Contains("lift-repair,final,1,yes,1", await csv.TextAsync(), StringComparison.Ordinal);
        var json = await page.APIRequest.GetAsync($"{fixture.Console}/console/ballots/lift-repair/export.json");
        Assert.Contains(tracker, await json.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("no-store", csv.Headers["cache-control"]);
        Assert.Equal("no-store", json.Headers["cache-control"]);
        await page.GotoAsync($"{fixture.Console}/console/ballots/lift-repair/report");
        await Expect(page.Locator(".tracker-list")).ToContainTextAsync(tracker);
        await page.GotoAsync($"{fixture.Console}/console/verify");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("check out");
        await WebFixture.CloseAsync(resident);
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_notice_posted_with_translations_shows_on_the_board_in_each_language()
    {
        var page = await LogInAsync();
        await page.GotoAsync($"{fixture.Console}/console/notices");
        await page.Locator("#title-en").FillAsync("Bins go out on Monday");
        await page.Locator("#text-en").FillAsync("The collection day moved.");
        await page.Locator("#title-es").FillAsync("La basura sale el lunes");
        await page.Locator("#text-es").FillAsync("Cambió el día de recogida.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post notice" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToHaveTextAsync("Posted.");
        var board = await fixture.NewPageAsync();
        await board.GotoAsync($"{fixture.Resident}/board?lang=es");
        await Expect(board.Locator(".notice").First).ToContainTextAsync("La basura sale el lunes");
        await WebFixture.CloseAsync(page);
        await WebFixture.CloseAsync(board);
    }

    [Fact]
    public async Task A_wrong_passphrase_is_refused()
    {
        var page = await LogInAsync("not the passphrase");
        await Expect(page.Locator("[role=alert]")).ToHaveTextAsync("That passphrase does not open this facilitator's key.");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "kiosk-console");
        await page.GotoAsync($"{fixture.Console}/console");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Facilitator login");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_form_post_without_the_csrf_token_is_refused_even_with_a_session()
    {
        var page = await LogInAsync();
        var cookies = await page.Context.CookiesAsync();
        var container = new CookieContainer();
        foreach (var c in cookies) container.Add(new Uri(fixture.Console), new System.Net.Cookie(c.Name, c.Value, c.Path));
        using var handler = new HttpClientHandler { CookieContainer = container };
        using var http = new HttpClient(handler);
        var open = await http.PostAsync($"{fixture.Console}/console/ballots/committee-2030/close", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, open.StatusCode);
        var login = await http.PostAsync($"{fixture.Console}/console/login", new FormUrlEncodedContent([new("who", DemoAssembly.FacilitatorKey), new("passphrase", DemoAssembly.FacilitatorPassphrase)]));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.False(fixture.Host.Context.Desk.Read((p, _) => p.IsClosedByFacilitator("committee-2030")));
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task Logins_are_rate_limited_per_address()
    {
        var data = Path.Combine(Path.GetTempPath(), "kiosk-web-rate-" + Guid.NewGuid().ToString("N"));
        await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(data)), 0, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        await using (var host = await GatewayHost.StartAsync(WebFixture.Options(data, loginAttempts: 3)))
        {
            using var http = new HttpClient();
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
                statuses.Add((await http.PostAsync(new Uri(host.ConsoleUri, "console/login"), new FormUrlEncodedContent([new("who", "x")]))).StatusCode);
            Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
        }
        Directory.Delete(data, recursive: true);
    }
}
