using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Mesh.Peers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// What people see of the mesh, with two gateways of the demo assembly linked over real TLS in this process: the board
/// says "in step with N of M gateways" (and updates itself when the link comes up), and the console's mesh page lists
/// each peer with its link, last contact, events behind and ahead, bytes both ways and refusals, without scripts.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class MeshPagesTests(WebFixture fixture) : IAsyncLifetime
{
    /// <summary>Long enough for a link to come up on a busy machine; the pages are polled, never waited on blindly.</summary>
    private static readonly TimeSpan LinkDeadline = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kiosk-web-mesh-" + Guid.NewGuid().ToString("N"));
    private GatewayHost? _hall;
    private GatewayHost? _centre;
    private DataFolder? _centreFolder;

    public async Task InitializeAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await KioskCli.RunAsync(["demo", "--gateways", "2", "--no-serve", "--data", _root], output, error);
        Assert.True(code == 0, $"demo --gateways 2 --no-serve failed:\n{output}\n{error}");
        var demo = new DataFolder(new DirectoryInfo(_root));
        // The hall first, board and console only; the centre, which dials the hall's peer listener, is started by each
        // test (StartCentreAsync) once what it watches is ready to see the link come up.
        _hall = await GatewayHost.StartAsync(WebFixture.Options(MeshDemo.FolderOf(demo, 0).Root.FullName) with { PeerPort = 0 });
        _centreFolder = MeshDemo.FolderOf(demo, 1);
        var book = PeerBook.Load(_centreFolder.PeersPath, out var problem) ?? throw new InvalidOperationException(problem);
        Assert.Null(book.Add("library-hall", _hall.PeerUri!.GetLeftPart(UriPartial.Authority)));
    }

    private async Task StartCentreAsync() =>
        _centre = await GatewayHost.StartAsync(WebFixture.Options(_centreFolder!.Root.FullName) with { GatewayKeyName = DemoAssembly.KeyOf("community-centre"), PeerPort = 0 });

    public async Task DisposeAsync()
    {
        if (_centre is not null) await _centre.DisposeAsync();
        if (_hall is not null) await _hall.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task The_board_says_in_step_with_two_of_two_gateways_once_the_link_is_up_in_either_language()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(new Uri(_hall!.ResidentUri, "board").ToString());
        // The hall's board follows its live stream before the centre starts, so the link coming up is told to it and the
        // line reaches 2 of 2 by itself (a live update, no reload). Opened while the link came up, a page rendered
        // before the last change and subscribed after it was never told (the stream says only what changes next).
        await page.UntilAsync("window.kioskLive && window.kioskLive.readyState === 1");
        await StartCentreAsync();
        await Expect(page.Locator("#in-step")).ToHaveTextAsync("In step with 2 of 2 gateways", new() { Timeout = (float)LinkDeadline.TotalMilliseconds });
        await Expect(page.Locator("#in-step")).ToHaveAttributeAsync("data-gateways", "2");

        // The centre's board, in Spanish, once the centre itself counts both gateways in step (so the page is rendered so).
        var centre = _centre!.Services.GetRequiredService<MeshService>().Node!;
        var until = DateTime.UtcNow + LinkDeadline;
        using (var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
            while (centre.Status().InStepWith != 2)
            {
                Assert.True(DateTime.UtcNow < until, $"the centre never counted 2 gateways in step: {centre.Status().InStepWith}");
                await tick.WaitForNextTickAsync();
            }
        await page.GotoAsync(new Uri(_centre.ResidentUri, "board?lang=es").ToString());
        await Expect(page.Locator("#in-step")).ToHaveTextAsync("Al día con 2 de 2 pasarelas");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_console_mesh_page_shows_each_peer_and_gateway_without_scripts()
    {
        await StartCentreAsync();
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync(new Uri(_hall!.ConsoleUri, "console").ToString());
        await page.GetByLabel("Facilitator").SelectOptionAsync(DemoAssembly.FacilitatorKey);
        await page.GetByLabel("Passphrase").FillAsync(DemoAssembly.FacilitatorPassphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Mesh" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mesh");

        // Without scripts the page reloads itself; a test reloads until the centre's link is listed as up.
        var peer = page.Locator("tr[data-peer='community-centre']");
        var until = DateTime.UtcNow + LinkDeadline;
        while (await peer.CountAsync() == 0 || await peer.GetAttributeAsync("data-connected") != "true" || await page.Locator("#in-step").CountAsync() == 0
               || await page.Locator("#in-step").TextContentAsync() != "In step with 2 of 2 gateways")
        {
            Assert.True(DateTime.UtcNow < until, $"the mesh page never showed the centre connected and in step:\n{await page.Locator("main").InnerTextAsync()}");
            await page.ReloadAsync();
        }
        var cells = peer.Locator("td");
        await Expect(cells.Nth(1)).ToContainTextAsync("connected since");
        await Expect(cells.Nth(1)).ToContainTextAsync("dialled in");           // the centre dialled the hall
        await Expect(cells.Nth(2)).ToContainTextAsync("UTC");                  // last contact
        await Expect(peer.Locator("td[data-behind]")).ToHaveTextAsync("0");
        await Expect(peer.Locator("td[data-ahead]")).ToHaveTextAsync("0");
        Assert.True(long.Parse((await peer.Locator("td[data-sent]").GetAttributeAsync("data-sent"))!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(long.Parse((await peer.Locator("td[data-received]").GetAttributeAsync("data-received"))!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        await Expect(peer.Locator("td[data-refusals]")).ToHaveTextAsync("0");
        await Expect(page.Locator("tr[data-gateway='library-hall'] td").First).ToHaveTextAsync("library-hall (this gateway)");
        await Expect(page.Locator("tr[data-gateway='community-centre']")).ToHaveAttributeAsync("data-in-step", "true");
        await WebFixture.CloseAsync(page);
    }
}
