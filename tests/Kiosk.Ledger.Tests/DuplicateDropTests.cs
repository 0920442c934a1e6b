using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// A receiver drops what it already holds before any signature check: <see cref="Ledger.Holds"/> answers from the
/// feed head in memory or one key lookup, and a batch of duplicates never reaches the writer.
/// </summary>
public sealed class DuplicateDropTests
{
    [Fact]
    public async Task Holds_is_true_only_for_the_stored_event_at_that_author_and_seq()
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 3);
        await using var ledger = built.Open();
        var gateway = built.Gateway.PublicKey;
        var second = EventEncoding.IdOf(built.Raw[(gateway, 2)]);
        var head = EventEncoding.IdOf(built.Raw[(gateway, 3)]);
        Assert.True(ledger.Holds(gateway, 2, second));
        Assert.True(ledger.Holds(gateway, 3, head));
        Assert.False(ledger.Holds(gateway, 2, head));
        Assert.False(ledger.Holds(gateway, 4, head));
        Assert.False(ledger.Holds(gateway, 0, head));
        Assert.False(ledger.Holds(built.Ana.PublicKey, 2, second));
    }

    [Fact]
    public async Task Received_duplicates_are_refused_without_a_commit()
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 3);
        await using var ledger = built.Open();
        var commits = ledger.Commits;
        var again = built.Raw.Values.ToList();
        var results = await ledger.ReceiveAsync(again);
        Assert.All(results, r => Assert.Equal(RejectReason.Duplicate, r.Rejection?.Reason));
        Assert.Equal(commits, ledger.Commits);
    }
}
