using Kiosk.Gateway.Cli;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// Issue 13, finding 2 as it was found: a 300-byte ballot file of nested YAML aliases ("billion laughs") posted to the
/// console's ballot editor. It is refused with a 422 and a sentence naming the first anchor before anything expands,
/// and nothing reaches the ledger.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ConsoleBallotBombTests(WebFixture fixture)
{
    [Fact]
    public async Task A_ballot_of_nested_yaml_aliases_posted_to_the_console_is_refused_before_it_expands()
    {
        // Nine levels of nine aliases: 9^9 strings once expanded, in under 300 bytes.
        var lines = new List<string> { "a0: &a0 [\"lol\"]" };
        for (var i = 1; i <= 9; i++) lines.Add($"a{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 9))}]");
        var bomb = string.Join("\n", lines) + "\nid: bomb\ntitle: {en: T}\nmethod: yes-no\n";
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync($"{fixture.Console}/console");
            await page.GetByLabel("Facilitator").SelectOptionAsync(DemoAssembly.FacilitatorKey);
            await page.GetByLabel("Passphrase").FillAsync(DemoAssembly.FacilitatorPassphrase);
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Ballots");
            await page.GotoAsync($"{fixture.Console}/console/ballots/new?method=yes-no");
            await page.Locator("#ballot").FillAsync(bomb);
            var before = fixture.Host.Context.Ledger.StateHash();

            var answer = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Publish ballot" }).ClickAsync(),
                r => r.Request.Method == "POST");

            Assert.Equal(422, answer.Status);
            await Expect(page.Locator("main")).ToContainTextAsync("anchors (&a0) are not allowed");
            Assert.Equal(bomb.Trim(), (await page.Locator("#ballot").InputValueAsync()).Trim()); // the text is kept to fix
            Assert.Equal(before, fixture.Host.Context.Ledger.StateHash());
        }
        finally
        {
            await WebFixture.CloseAsync(page);
        }
    }
}
