using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>What a ledger held before closing, it holds after reopening: events, state and authority.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task A_reopened_ledger_has_the_same_events_state_hash_and_members()
    {
        using var folder = new TempFolder();
        var path = folder.File("ledger.db");
        var founder = AuthorKeyPair.Generate();
        var gateway = AuthorKeyPair.Generate();
        Bytes32 hash;
        HashSet<string> ids;
        await using (var ledger = Ledger.Open(path, TestKinds.Options()))
        {
            Assert.True((await ledger.FoundAsync(founder, "Durable", ["en"])).IsCommitted);
            var enrol = await ledger.AppendAsync(founder, EventKinds.GatewayEnrolled, Bodies.BodyJson.Write(new Bodies.GatewayEnrolledBody(gateway.PublicKey.ToHex(), "gw")));
            Assert.True(enrol.IsCommitted, enrol.Rejection?.ToString());
            var appends = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => ledger.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody($"n{i}"))));
            Assert.All(appends, a => Assert.True(a.IsCommitted));
            Assert.True(ledger.Commits < 52, $"50 concurrent appends should share commits, took {ledger.Commits}");
            hash = ledger.StateHash();
            ids = LedgerAssert.EventIds(ledger);
        }
        await using var reopened = Ledger.Open(path, TestKinds.Options());
        Assert.Equal(hash, reopened.StateHash());
        Assert.Equal(ids, LedgerAssert.EventIds(reopened));
        Assert.Equal(Role.Gateway, reopened.Authority.RoleOf(gateway.PublicKey));
        Assert.Equal(50, reopened.HeadOf(gateway.PublicKey).Seq);
        var next = await reopened.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody("after reopen"));
        Assert.Equal(51, next.Event!.Seq);
    }

    [Fact]
    public async Task Founding_twice_is_refused()
    {
        using var folder = new TempFolder();
        await using var ledger = Ledger.Open(folder.File("l.db"), TestKinds.Options());
        var founder = AuthorKeyPair.Generate();
        Assert.True((await ledger.FoundAsync(founder, "Once", ["en"])).IsCommitted);
        var again = await ledger.FoundAsync(AuthorKeyPair.Generate(), "Twice", ["en"]);
        Assert.Equal(RejectReason.BadGenesis, again.Rejection?.Reason);
    }

    [Fact]
    public async Task Committed_reports_every_stored_event_once_after_it_is_readable()
    {
        using var folder = new TempFolder();
        await using var ledger = Ledger.Open(folder.File("l.db"), TestKinds.Options());
        var seen = new System.Collections.Concurrent.ConcurrentBag<Bytes32>();
        var readable = true;
        ledger.Committed += (_, args) =>
        {
            foreach (var e in args.Events)
            {
                seen.Add(e.Id);
                readable &= ledger.HeadOf(e.Author).Seq >= e.Seq;
            }
        };
        var founder = AuthorKeyPair.Generate();
        await ledger.FoundAsync(founder, "Notified", ["en"]);
        var appended = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => ledger.AppendAsync(founder, TestKinds.Note, TestKinds.NoteBody($"n{i}"))));
        var refused = await ledger.AppendAsync(AuthorKeyPair.Generate(), TestKinds.Note, TestKinds.NoteBody("stranger"));
        Assert.False(refused.IsCommitted);
        Assert.Equal(21, seen.Count);
        Assert.Equal(appended.Select(a => a.Event!.Id).Append(ledger.ReadFeed(founder.PublicKey, 1, 1)[0].Id).ToHashSet(), seen.ToHashSet());
        Assert.True(readable, "a notified event was not yet visible to readers");
    }
}
