using System.Text;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// Receipts people can keep: with a printer (here a plain file standing in for /dev/usb/lp0) "Confirm" prints an ESC/POS
/// job holding the tracker and where to check it, never the code or the choice; without one, or when it fails, the
/// receipt screen shows the tracker large on a "write it down" card.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ReceiptPrinterTests(WebFixture fixture)
{
    [Fact]
    public async Task Confirm_prints_the_tracker_and_where_to_check_it_but_never_the_code_or_the_choice()
    {
        var folder = Directory.CreateTempSubdirectory("kiosk-printer");
        try
        {
            var device = Path.Combine(folder.FullName, "lp0");
            await File.WriteAllBytesAsync(device, []);
            var data = new DataFolder(new DirectoryInfo(Path.Combine(folder.FullName, "data")));
            var codes = await DemoAssembly.CreateAsync(data, 2, CancellationToken.None, argonMemoryKiB: 8 * 1024);
            await using var host = await GatewayHost.StartAsync(WebFixture.Options(data.Root.FullName) with { PrinterPath = device });
            var page = await fixture.NewPageAsync(800, 480);
            var resident = host.ResidentUri.ToString().TrimEnd('/');
            await page.GotoAsync($"{resident}/kiosk/code?lang=es");
            await page.Locator("#code").FillAsync(codes[0]);
            await page.Locator("#actions .primary").ClickAsync();
            await page.ChooseBallotAsync("garden-name");
            await page.DoAsync("tap:willow");
            await page.DoAsync("review");
            var tracker = await page.ConfirmAsync();
            await Expect(page.Locator("[role=status]")).ToContainTextAsync("Su recibo se está imprimiendo");
            await Expect(page.Locator(".write-down")).ToHaveCountAsync(0);
            var fit = await ScreenFitTests.ProblemsAsync(page, "the printed receipt");
            Assert.True(fit.Count == 0, string.Join("\n", fit));
            await WebFixture.CloseAsync(page);

            var job = await File.ReadAllBytesAsync(device);
            var text = Encoding.ASCII.GetString(job);
            Assert.Equal([0x1B, (byte)'@'], job[..2]);                        // ESC @ first
            Assert.Equal([0x1D, (byte)'V', 66, 3], job[^4..]);                // feed and cut last
            Assert.Contains(tracker, text, StringComparison.Ordinal);
            Assert.Contains("Compruebelo en el tablero de la asamblea", text, StringComparison.Ordinal); // accents folded to ASCII
            Assert.True(job.All(b => b < 0x80), "the job is plain ASCII with ESC/POS commands");
            var symbols = codes[0].Replace("-", "", StringComparison.Ordinal);
            Assert.DoesNotContain(symbols, text.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("willow", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Sauce", text, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_printer_the_tracker_stands_large_on_a_write_it_down_card()
    {
        var page = await fixture.NewPageAsync(800, 480);
        await page.EnterCodeAsync(fixture, fixture.TakeCode());
        await page.ChooseBallotAsync("motion-quiet-hours");
        await page.DoAsync("pick:yes");
        var tracker = await page.ConfirmAsync();
        await Expect(page.Locator(".write-down h2")).ToHaveTextAsync("Write it down");
        await Expect(page.Locator(".write-down #tracker")).ToHaveTextAsync(tracker);
        var size = await page.Locator("#tracker").EvaluateAsync<double>("el => parseFloat(getComputedStyle(el).fontSize)");
        Assert.True(size >= 48, $"the tracker is {size} px high");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_printer_that_fails_leaves_the_vote_recorded_and_asks_for_the_tracker_to_be_written_down()
    {
        var folder = Directory.CreateTempSubdirectory("kiosk-printer");
        try
        {
            var data = new DataFolder(new DirectoryInfo(Path.Combine(folder.FullName, "data")));
            var codes = await DemoAssembly.CreateAsync(data, 2, CancellationToken.None, argonMemoryKiB: 8 * 1024);
            // The printer is unplugged: its device file does not exist.
            await using var host = await GatewayHost.StartAsync(WebFixture.Options(data.Root.FullName) with { PrinterPath = Path.Combine(folder.FullName, "lp0") });
            var page = await fixture.NewPageAsync(800, 480);
            await page.GotoAsync($"{host.ResidentUri.ToString().TrimEnd('/')}/kiosk/code?lang=en");
            await page.Locator("#code").FillAsync(codes[0]);
            await page.Locator("#actions .primary").ClickAsync();
            await page.ChooseBallotAsync("motion-quiet-hours");
            await page.DoAsync("pick:no");
            var tracker = await page.ConfirmAsync();
            await Expect(page.Locator("[role=alert]")).ToContainTextAsync("The printer did not print your receipt");
            await Expect(page.Locator(".write-down #tracker")).ToHaveTextAsync(tracker);
            // The tallest receipt: the printer's problem above the write-it-down card.
            var fit = await ScreenFitTests.ProblemsAsync(page, "the receipt after a failed print");
            Assert.True(fit.Count == 0, string.Join("\n", fit));
            await WebFixture.CloseAsync(page);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Printed_text_is_ascii_with_accents_folded_and_no_control_characters()
    {
        Assert.Equal("Anotelo: nino, cafe - ?Si? \"ok\" ?", Encoding.ASCII.GetString(ReceiptSlip.Printable("Anótelo: niño, café — ¿Sí? “ok” \u001b")));
    }
}
