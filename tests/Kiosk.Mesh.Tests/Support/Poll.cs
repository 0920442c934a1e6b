namespace Kiosk.Mesh.Tests.Support;

/// <summary>Waiting for something that happens in another thread or process: check often, give up at a deadline (never a bare sleep).</summary>
public static class Poll
{
    /// <summary>
    /// A safety net, never a pace: what the tests wait for (TLS links, `kiosk run` processes and their logs, convergence)
    /// takes well under a second on a quiet machine and can take tens of seconds on a busy 2-core CI machine.
    /// </summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> and the last state at the deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, Func<string> what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"not reached within {(deadline ?? DefaultDeadline).TotalSeconds:F0} s: {what()}");
            await tick.WaitForNextTickAsync();
        }
    }

    /// <summary>Async variant.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"not reached within {(deadline ?? DefaultDeadline).TotalSeconds:F0} s: {what()}");
            await tick.WaitForNextTickAsync();
        }
    }
}
