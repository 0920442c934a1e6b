using Kiosk.Ledger.Internal;

namespace Kiosk.Ledger.Tests;

/// <summary>The committer's hand-off between threads: order kept, capacity held, and a clean end.</summary>
public sealed class HandoffTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Items_arrive_in_order_and_the_taker_ends_once_completed_and_drained()
    {
        var handoff = new Handoff<string>(capacity: 1);
        var taken = new List<string>();
        var taker = Task.Run(() =>
        {
            while (handoff.Take() is { } item) taken.Add(item);
        });

        foreach (var i in Enumerable.Range(0, 500)) handoff.Add($"batch {i}");
        handoff.Complete();
        await taker.WaitAsync(Deadline);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"batch {i}"), taken);
        Assert.Null(handoff.Take());
        Assert.Throws<InvalidOperationException>(() => handoff.Add("late"));
    }

    [Fact]
    public async Task An_add_beyond_the_capacity_waits_until_an_item_is_taken()
    {
        var handoff = new Handoff<string>(capacity: 1);
        handoff.Add("first");
        var second = Task.Run(() => handoff.Add("second"));

        // The second add cannot finish while the first item sits in the only slot (a window to prove a wait, not to sync).
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(200)));
        Assert.False(second.IsCompleted);
        Assert.Equal("first", handoff.Take());
        await second.WaitAsync(Deadline);
        Assert.Equal("second", handoff.Take());
    }
}
