using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// <see cref="Ledger.FeedHeldElsewhere"/>: told that a peer holds one of its own feeds further than it does, a ledger
/// (restored from an older copy) keeps a signed head record of that head and writes nothing to the feed — also after
/// it is reopened — until the events are back; then it writes on from them, never signing a seq twice.
/// </summary>
public sealed class FeedHeldElsewhereTests
{
    [Fact]
    public async Task A_feed_held_further_elsewhere_is_not_written_until_its_events_are_back()
    {
        using var founder = AuthorKeyPair.Generate();
        using var gateway = AuthorKeyPair.Generate();
        using var folder = new TempFolder();
        var path = folder.File("ledger.db");
        var peer = folder.File("peer.db");
        // The peer holds the gateway's notes 1-3; this ledger (the restored copy) only note 1.
        List<LedgerEvent> later;
        await using (var original = Ledger.Open(peer, TestKinds.Options()))
        {
            await original.FoundAsync(founder, "Assembly", ["en"]);
            await original.AppendAsync(founder, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(gateway.PublicKey.ToHex(), "hall")));
            await original.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody("1"));
            await using (var restored = Ledger.Open(path, TestKinds.Options()))
                await restored.ReceiveAsync(original.ReadAll().Select(e => e.Raw).ToList());
            await original.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody("2"));
            await original.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody("3"));
            later = [.. original.ReadFeed(gateway.PublicKey, 2)];
        }

        await using (var ledger = Ledger.Open(path, TestKinds.Options()))
        {
            Assert.False(ledger.FeedHeldElsewhere(gateway, new FeedHead(1, ledger.HeadOf(gateway.PublicKey).Id), "peer g2")); // not further: nothing to do
            Assert.Null(ledger.WhyFeedHeld(gateway.PublicKey));
            Assert.True(ledger.FeedHeldElsewhere(gateway, new FeedHead(3, later[^1].Id), "peer g2"));
            Assert.Contains("own feed rolled back: peer g2 holds #3, this ledger ends at #1", ledger.WhyFeedHeld(gateway.PublicKey), StringComparison.Ordinal);
            var refused = await ledger.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody("2, again"));
            Assert.Equal(RejectReason.FeedRolledBack, refused.Rejection?.Reason);
            Assert.Equal(new RolledBackFeed(gateway.PublicKey, 1, 3, "peer g2"), Assert.Single(ledger.RolledBackFeeds()));
            // Other feeds are written as usual.
            Assert.True((await ledger.AppendAsync(founder, TestKinds.Note, TestKinds.NoteBody("the founder writes on"))).IsCommitted);
        }

        // Reopened (a restart, or the command line): the record on disk still holds the feed.
        await using (var ledger = Ledger.Open(path, TestKinds.Options()))
        {
            Assert.Equal(RejectReason.FeedRolledBack, (await ledger.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody("2, again"))).Rejection?.Reason);
            Assert.Contains(LedgerIntegrity.Check(path, TestKinds.Create()).Problems, p => p.Code == VerifyCodes.FeedRolledBack);

            await ledger.ReceiveAsync(later.Select(e => e.Raw).ToList());
            Assert.Null(ledger.WhyFeedHeld(gateway.PublicKey));
            Assert.Empty(ledger.RolledBackFeeds());
            var next = await ledger.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody("4"));
            Assert.Equal(4, next.Event?.Seq);
            Assert.Equal(later[^1].Id, next.Event!.Prev);
        }
        Assert.True(LedgerIntegrity.Check(path, TestKinds.Create()).IsValid);
    }
}
