using System.Diagnostics;
using Microsoft.Playwright;

namespace Kiosk.Web.Tests;

/// <summary>
/// Waits for a condition in a page by evaluating it again and again until it holds or <see cref="WebFixture.StepTimeout"/>
/// passes. Not Playwright's <c>WaitForFunctionAsync</c>: when its condition is not true at once it polls through an
/// <c>eval</c> in the page, which the pages' Content-Security-Policy (no <c>unsafe-eval</c>) refuses.
/// </summary>
public static class PageWait
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Until <paramref name="expression"/> is true in <paramref name="page"/>: a JavaScript expression, or with <paramref name="argument"/> a function of it.</summary>
    public static async Task UntilAsync(this IPage page, string expression, object? argument = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        // Always a true boolean back (an expression may give undefined), from an expression or a function of the argument.
        var script = argument is null ? $"() => !!({expression})" : $"a => !!(({expression})(a))";
        var clock = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(Interval);
        while (!await page.EvaluateAsync<bool>(script, argument))
        {
            if (clock.Elapsed > WebFixture.StepTimeout) throw new TimeoutException($"{expression} was still false after {WebFixture.StepTimeout.TotalSeconds:0} s");
            await tick.WaitForNextTickAsync();
        }
    }
}
