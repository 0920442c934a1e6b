using Kiosk.Gateway.Cli;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>The console in Spanish: the header's language links switch every page, login included, and back.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ConsoleLanguageTests(WebFixture fixture)
{
    [Fact]
    public async Task A_facilitator_switches_the_console_to_spanish_and_back()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.Console}/console/login");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Facilitator login");
        await page.Locator("header a[lang=es]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Acceso de facilitadores");
        Assert.EndsWith("/console/login", page.Url, StringComparison.Ordinal);
        Assert.Equal("es", await page.Locator("html").GetAttributeAsync("lang"));

        await page.GetByLabel("Facilitador").SelectOptionAsync(DemoAssembly.FacilitatorKey);
        await page.GetByLabel("Contraseña").FillAsync(DemoAssembly.FacilitatorPassphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Votaciones");
        await Expect(page.Locator("header nav[aria-label=Consola] a")).ToHaveTextAsync(["Votaciones", "Nueva votación", "Avisos", "Pasarelas y dispositivos", "Red de pasarelas", "Verificar el registro"]);
        await Expect(page.Locator("table th").First).ToHaveTextAsync("Votación");
        // Ballot titles in the console's language when the ballot has one.
        await Expect(page.Locator("table a[href='/console/ballots/motion-quiet-hours']")).ToHaveTextAsync("Horas de silencio en el patio desde las 22:00");

        await page.GotoAsync($"{fixture.Console}/console/ballots/motion-quiet-hours");
        await Expect(page.Locator("h2").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Códigos de votación|Participación)$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Informe imprimible" })).ToBeVisibleAsync();
        await page.GotoAsync($"{fixture.Console}/console/verify");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Verificación del registro");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("eventos son correctos");

        await page.Locator("header a[lang=en]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ledger verification");
        Assert.EndsWith("/console/verify", page.Url, StringComparison.Ordinal);
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_language_switch_goes_back_only_to_a_console_page()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var away = await http.GetAsync(new Uri($"{fixture.Console}/console/language/es?back=https://example.org/"));
        Assert.Equal("/console", away.Headers.Location?.ToString());
        using var sneaky = await http.GetAsync(new Uri($"{fixture.Console}/console/language/es?back=/console//example.org"));
        Assert.Equal("/console", sneaky.Headers.Location?.ToString());
        using var unknown = await http.GetAsync(new Uri($"{fixture.Console}/console/language/xx?back=/console/login"));
        Assert.Equal("/console/login", unknown.Headers.Location?.ToString());
        Assert.False(unknown.Headers.Contains("Set-Cookie"), "an unknown language sets nothing");
    }
}
