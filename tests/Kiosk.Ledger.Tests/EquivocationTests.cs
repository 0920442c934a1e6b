using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>Two different events with the same author and seq fork the feed, by the same rule on every replica.</summary>
public sealed class EquivocationTests
{
    [Fact]
    public async Task Equivocation_forks_the_feed_and_replicas_agree_whichever_branch_they_saw_first()
    {
        var founder = AuthorKeyPair.Generate();
        var gateway = AuthorKeyPair.Generate();
        var feeds = new OfflineFeeds(founder);
        var common = new[] { feeds.Genesis, feeds.EnrolGateway(founder, gateway), feeds.Note(gateway, "before the fork") };
        var head = new FeedHead(common[2].Seq, common[2].Id);
        var branchA = EventSigner.Sign(feeds.Assembly, gateway, head.Seq + 1, head.Id, 5, TestKinds.Note, TestKinds.NoteBody("yes"));
        var branchB = EventSigner.Sign(feeds.Assembly, gateway, head.Seq + 1, head.Id, 5, TestKinds.Note, TestKinds.NoteBody("no"));

        using var folder = new TempFolder();
        await using var first = Ledger.Open(folder.File("a.db"), TestKinds.Options());
        await using var second = Ledger.Open(folder.File("b.db"), TestKinds.Options());
        foreach (var ledger in new[] { first, second }) await ledger.ReceiveAsync(common.Select(e => e.Raw).ToList());

        Assert.True((await first.ReceiveAsync(branchA.Raw)).IsAccepted);
        var conflict = await first.ReceiveAsync(branchB.Raw);
        Assert.True((await second.ReceiveAsync(branchB.Raw)).IsAccepted);
        var conflict2 = await second.ReceiveAsync(branchA.Raw);

        Assert.Equal(RejectReason.Equivocation, conflict.Rejection?.Reason);
        Assert.Equal(RejectReason.Equivocation, conflict2.Rejection?.Reason);
        Assert.Contains("forked from #2", conflict.Rejection!.Message, StringComparison.Ordinal);
        Assert.Equal(2, first.Forks[gateway.PublicKey]);
        // Neither branch counts, the events before the fork still do, and both replicas hash the same state.
        Assert.Equal(first.StateHash(), second.StateHash());
        Assert.True(first.IsApplied(first.ReadFeed(gateway.PublicKey, 1, 1).Single()));
        Assert.False(first.IsApplied(first.ReadFeed(gateway.PublicKey, 2, 2).Single()));
        // The forked feed takes nothing more.
        var later = EventSigner.Sign(feeds.Assembly, gateway, 3, branchA.Id, 6, TestKinds.Note, TestKinds.NoteBody("after"));
        Assert.Equal(RejectReason.FeedForked, (await first.ReceiveAsync(later.Raw)).Rejection?.Reason);
        Assert.Equal(RejectReason.FeedForked, (await first.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody("x"))).Rejection?.Reason);
    }

    [Fact]
    public async Task The_fork_survives_a_restart()
    {
        var founder = AuthorKeyPair.Generate();
        var gateway = AuthorKeyPair.Generate();
        var feeds = new OfflineFeeds(founder);
        var common = new[] { feeds.Genesis, feeds.EnrolGateway(founder, gateway) };
        var a = EventSigner.Sign(feeds.Assembly, gateway, 1, Bytes32.Zero, 5, TestKinds.Note, TestKinds.NoteBody("a"));
        var b = EventSigner.Sign(feeds.Assembly, gateway, 1, Bytes32.Zero, 5, TestKinds.Note, TestKinds.NoteBody("b"));
        using var folder = new TempFolder();
        Bytes32 hash;
        await using (var ledger = Ledger.Open(folder.File("l.db"), TestKinds.Options()))
        {
            await ledger.ReceiveAsync(common.Select(e => e.Raw).Append(a.Raw).Append(b.Raw).ToList());
            hash = ledger.StateHash();
        }
        await using var reopened = Ledger.Open(folder.File("l.db"), TestKinds.Options());
        Assert.Equal(1, reopened.Forks[gateway.PublicKey]);
        Assert.Equal(hash, reopened.StateHash());
        // A genuine proof passes verification and counts as the fork it is.
        var report = LedgerVerifier.Verify(folder.File("l.db"), TestKinds.Create());
        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        Assert.Equal(1, report.Equivocations);
        Assert.Equal(hash, report.StateHash);
    }
}
