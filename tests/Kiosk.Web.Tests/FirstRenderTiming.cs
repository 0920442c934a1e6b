using System.Globalization;
using Xunit.Abstractions;

namespace Kiosk.Web.Tests;

/// <summary>
/// Time to first render of /kiosk in headless Chromium (first contentful paint, from the Paint Timing API), printed for
/// docs/benchmarks.md; the test only checks the page painted.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class FirstRenderTiming(WebFixture fixture, ITestOutputHelper output)
{
    private const int Loads = 20;

    [Fact]
    public async Task The_kiosk_welcome_screen_paints_and_its_time_is_reported()
    {
        var page = await fixture.NewPageAsync();
        var paints = new List<double>();
        var loads = new List<double>();
        for (var i = 0; i < Loads; i++)
        {
            await page.GotoAsync($"{fixture.Resident}/kiosk?run={i}");
            var fcp = await page.EvaluateAsync<double>("""
                () => new Promise(resolve => {
                  const find = () => performance.getEntriesByName("first-contentful-paint")[0];
                  if (find()) return resolve(find().startTime);
                  new PerformanceObserver(list => { const e = find(); if (e) resolve(e.startTime); }).observe({ type: "paint", buffered: true });
                })
                """);
            paints.Add(fcp);
            loads.Add(await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].loadEventEnd"));
        }
        Assert.All(paints, p => Assert.True(p > 0));
        paints.Sort();
        loads.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"/kiosk first contentful paint over {Loads} loads: median {paints[Loads / 2]:F0} ms, max {paints[^1]:F0} ms; load event median {loads[Loads / 2]:F0} ms"));
        await fixture.CloseAsync(page);
    }
}
