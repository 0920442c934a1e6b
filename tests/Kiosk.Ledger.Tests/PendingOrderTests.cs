using CsCheck;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>Events whose author is not yet enrolled wait, and enter the ledger when the enrolment arrives, in any order.</summary>
public sealed class PendingOrderTests
{
    [Fact]
    public async Task Pending_events_resolve_whatever_order_the_events_arrive_in()
    {
        var founder = AuthorKeyPair.Generate();
        var f1 = AuthorKeyPair.Generate();
        var f2 = AuthorKeyPair.Generate();
        var gateway = AuthorKeyPair.Generate();
        var feeds = new OfflineFeeds(founder);
        // A chain of authority: founder adds F1, F1 adds F2, F2 enrols the gateway, the gateway writes.
        var events = new List<LedgerEvent>
        {
            feeds.Genesis,
            feeds.AddFacilitator(founder, f1),
            feeds.Note(f1, "f1 speaks"),
            feeds.AddFacilitator(f1, f2),
            feeds.EnrolGateway(f2, gateway),
            feeds.Note(gateway, "gateway 1"),
            feeds.Note(gateway, "gateway 2"),
            feeds.Note(f2, "f2 speaks"),
        };
        using var folder = new TempFolder();
        Bytes32? expectedHash = null;
        var run = 0;
        await Gen.Shuffle(events.ToArray()).SampleAsync(async order =>
        {
            await using var ledger = Ledger.Open(folder.File($"run{run++}.db"), TestKinds.Options());
            // One event per delivery, so every arrival order of the chain is possible.
            foreach (var e in order) await ledger.ReceiveAsync(e.Raw);
            // Events of an admitted author that arrived before their predecessor were refused as gaps: a peer resends them.
            foreach (var e in events) await ledger.ReceiveAsync(e.Raw);
            Assert.Equal(0, ledger.PendingCount);
            Assert.Equal(events.Select(e => e.Id.ToHex()).ToHashSet(), LedgerAssert.EventIds(ledger));
            Assert.Equal(Role.Gateway, ledger.Authority.RoleOf(gateway.PublicKey));
            Assert.True(ledger.ReadFeed(gateway.PublicKey).All(ledger.IsApplied));
            var hash = ledger.StateHash();
            expectedHash ??= hash;
            Assert.Equal(expectedHash, hash);
        }, iter: 25, threads: 1);
    }

    [Fact]
    public async Task A_whole_batch_in_reverse_order_is_taken_in_one_receive()
    {
        var founder = AuthorKeyPair.Generate();
        var f1 = AuthorKeyPair.Generate();
        var gateway = AuthorKeyPair.Generate();
        var feeds = new OfflineFeeds(founder);
        var events = new[] { feeds.Genesis, feeds.AddFacilitator(founder, f1), feeds.EnrolGateway(f1, gateway), feeds.Note(gateway, "a"), feeds.Note(gateway, "b") };
        using var folder = new TempFolder();
        await using var ledger = Ledger.Open(folder.File("l.db"), TestKinds.Options());
        var results = await ledger.ReceiveAsync(events.Reverse().Select(e => e.Raw).ToList());
        // The gateway's #2 and #1 wait pending, F1's enrolment waits, the genesis admits the founder, and everything
        // promotes within the same commit, so each result already says accepted.
        Assert.Equal(5, LedgerAssert.EventIds(ledger).Count);
        Assert.Equal(0, ledger.PendingCount);
        Assert.All(results, r => Assert.True(r.IsAccepted, r.ToString()));
    }
}
