using System.Net;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Web.Console;
using Kiosk.Gateway.Web.Hub;
using Kiosk.Voting.Ballots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using LedgerStore = Kiosk.Ledger.Ledger;

namespace Kiosk.Web.Tests;

/// <summary>
/// The hub's public pages (<c>/</c> and <c>/assemblies/ID</c>) in Chromium, in English and in Arabic (right to left),
/// served by the hub's own page code over an assembly's ledger: nothing scrolls sideways at 1280×800 or 800×480, one
/// h1, a main landmark and named sections, every text at 7:1 contrast or more, no voter code and no event in the HTML,
/// and a ballot that hides its results until close shows none while it is open.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class HubPagesBrowserTests(WebFixture fixture) : IAsyncLifetime
{
    private const string Hidden = "hidden-until-close";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kiosk-hubpages-" + Guid.NewGuid().ToString("N"));
    private IReadOnlyList<string> _codes = [];
    private LedgerStore? _ledger;
    private HubPages? _pages;
    private WebApplication? _app;
    private string _site = "";

    public async Task InitializeAsync()
    {
        var data = new DataFolder(new DirectoryInfo(Path.Combine(_folder, "data")));
        _codes = await DemoAssembly.CreateAsync(data, 3, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        _ledger = data.OpenLedger();
        // Beside the demo's live-results ballots: an open one that keeps its results until it closes.
        using var ana = data.ReadKey(DemoAssembly.FacilitatorKey);
        var ballot = BallotFile.Parse(BallotTemplates.All.First(t => t.Key != "roll-call").Value, "hidden.yaml", yaml: true)
            with { Id = Hidden, LiveResults = false, ClosesAt = null };
        await _ledger.AppendOrFailAsync(ana, VotingKinds.BallotPublished, new BallotPublishedBody(ballot), CancellationToken.None);
        await _ledger.AppendOrFailAsync(ana, VotingKinds.BallotOpened, new BallotRefBody(Hidden), CancellationToken.None);

        var ledgers = new[] { _ledger };
        _pages = new HubPages(() => ledgers, Path.Combine(_folder, "hub"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        HubPages.AddServices(builder.Services);
        _app = builder.Build();
        _pages.Map(_app);
        await _app.StartAsync();
        _site = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _pages?.Dispose();
        if (_ledger is not null) await _ledger.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>What is wrong with the page's structure and width at the current viewport (empty when nothing).</summary>
    private const string LayoutProblems = """
        () => {
          const problems = [], doc = document.documentElement;
          if (doc.scrollWidth > window.innerWidth + 1) problems.push(`the page scrolls sideways (${doc.scrollWidth} of ${window.innerWidth} px)`);
          if (document.querySelectorAll("h1").length !== 1) problems.push(`h1 count ${document.querySelectorAll("h1").length}`);
          if (!document.querySelector("main")) problems.push("no main landmark");
          if (!document.querySelector("header")) problems.push("no header");
          document.querySelectorAll("section").forEach(s => {
            const by = s.getAttribute("aria-labelledby");
            if (!by || !document.getElementById(by)) problems.push(`section ${s.id} has no heading naming it`);
          });
          for (const el of document.querySelectorAll("body *")) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1) && !el.closest("[aria-hidden=true], .skip"))
              { problems.push(`${el.tagName.toLowerCase()}.${el.className} runs off the screen (${Math.round(r.left)}–${Math.round(r.right)})`); break; }
          }
          return problems;
        }
        """;

    [Fact]
    public async Task The_hub_pages_fit_read_well_in_both_directions_and_show_no_secret_or_hidden_result()
    {
        var assembly = _ledger!.Assembly!.Value.ToString();
        var secrets = _codes.Concat(_ledger.ReadAll().Select(e => e.Id.ToHex())).ToList();
        var problems = new List<string>();
        foreach (var (width, height) in new[] { (1280, 800), (800, 480) })
        {
            var page = await fixture.NewPageAsync(width, height);
            foreach (var language in new[] { "en", "ar" })
            {
                foreach (var path in new[] { "/", $"/assemblies/{assembly}" })
                {
                    var where = $"{path}?lang={language} at {width}x{height}";
                    var response = await page.GotoAsync($"{_site}{path}?lang={language}");
                    Assert.Equal(200, response!.Status);
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                    if (language == "ar") await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
                    foreach (var problem in await page.EvaluateAsync<string[]>(LayoutProblems)) problems.Add($"{where}: {problem}");
                    foreach (var problem in await page.EvaluateAsync<string[]>(AccessibilityTests.ContrastProblems)) problems.Add($"{where}: {problem}");
                    var html = await page.ContentAsync();
                    foreach (var secret in secrets.Where(s => html.Contains(s, StringComparison.OrdinalIgnoreCase))) problems.Add($"{where}: the page holds {secret[..8]}…");
                }
                // The hidden ballot, open: its section says when results come (a shown result without votes would say
                // "no votes yet" there instead), and holds no result.
                var hidden = page.Locator($"#ballot-{Hidden}");
                await Expect(hidden).ToBeVisibleAsync();
                await Expect(hidden.Locator(".muted")).ToHaveTextAsync(language == "ar" ? "تُعرض النتائج عند إغلاق الاقتراع." : "Results are shown when the ballot closes.");
                await Expect(hidden.Locator(".result, svg")).ToHaveCountAsync(0);
                await Expect(page.Locator("section.ballot")).Not.ToHaveCountAsync(1); // the demo's ballots are there too
            }
            await WebFixture.CloseAsync(page);
        }
        Assert.Empty(problems);
    }
}
