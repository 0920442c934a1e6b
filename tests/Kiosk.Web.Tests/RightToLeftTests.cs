using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>Arabic, a right-to-left language: the kiosk and the board mirror their layout.</summary>
[Collection(SharedBrowser.Name)]
public sealed class RightToLeftTests(WebFixture fixture)
{
    [Fact]
    public async Task The_kiosk_in_Arabic_is_mirrored()
    {
        var page = await fixture.NewPageAsync(1280, 800);
        await page.EnterCodeAsync(fixture, fixture.TakeCode(), "ar");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("h1")).ToHaveTextAsync("على أي اقتراع تريد أن تصوّت؟");
        await page.ChooseBallotAsync("budget-2030");
        // The header: the assembly's name at the right, the text sizes at the left; the action bar: Back at the right,
        // the primary step at the left; a budget card's tick at its right edge.
        var x = await page.EvaluateAsync<double[]>("""
            () => [".assembly", ".sizes", "#actions [data-back]", "#actions .primary", ".toggle", ".toggle .tick", "h1", "#screen"]
              .flatMap(s => { const r = document.querySelector(s).getBoundingClientRect(); return [r.left, r.right]; })
            """);
        var (assemblyLeft, sizesRight) = (x[0], x[3]);
        var (backLeft, primaryRight) = (x[4], x[7]);
        var (cardRight, tickRight) = (x[9], x[11]);
        Assert.True(sizesRight <= assemblyLeft, $"text sizes end at {sizesRight}, the assembly's name starts at {assemblyLeft}");
        Assert.True(primaryRight <= backLeft, $"the primary step ends at {primaryRight}, Back starts at {backLeft}");
        Assert.True(cardRight - tickRight < 40, $"the tick is {cardRight - tickRight} px from the card's right edge");
        Assert.True(x[15] - x[13] < 40, $"the heading ends {x[15] - x[13]} px from the content's right edge");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_board_in_Arabic_is_mirrored()
    {
        var page = await fixture.NewPageAsync(1280, 800);
        await page.GotoAsync($"{fixture.Resident}/board?lang=ar");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("h1")).ToHaveTextAsync("لوحة الجمعية");
        var x = await page.EvaluateAsync<double[]>("""
            () => [".bar .assembly", ".bar .langs", "h1", "#board section"]
              .flatMap(s => { const r = document.querySelector(s).getBoundingClientRect(); return [r.left, r.right]; })
            """);
        Assert.True(x[3] <= x[0], $"the language links end at {x[3]}, the assembly's name starts at {x[0]}");
        Assert.True(1280 - x[5] < 100, $"the heading ends {1280 - x[5]} px from the right edge");
        Assert.True(x[7] > 640, "the first ballot's section is on the right");
        await WebFixture.CloseAsync(page);
    }
}
