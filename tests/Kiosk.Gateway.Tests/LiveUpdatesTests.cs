using Kiosk.Gateway.Host;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Gateway.Tests;

/// <summary>Open pages are told of changes: a burst of commits becomes one "changed" per coalescing window.</summary>
public sealed class LiveUpdatesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kiosk-live-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_burst_of_commits_is_told_once_per_window_and_a_later_commit_again()
    {
        Directory.CreateDirectory(_folder);
        await using var ledger = Kiosk.Ledger.Ledger.Open(Path.Combine(_folder, "ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        using var founder = AuthorKeyPair.Generate();
        var time = new FakeTimeProvider();
        using var live = new LiveUpdates(ledger, time);
        using var page = live.Subscribe();
        Assert.True((await ledger.FoundAsync(founder, "Live", ["en"])).IsCommitted);
        for (var i = 0; i < 20; i++)
            Assert.True((await ledger.AppendAsync(founder, VotingKinds.NoticePosted, BodyJson.Write(new NoticePostedBody($"n{i}", new() { ["en"] = "T" }, new() { ["en"] = "x" })))).IsCommitted);

        Assert.False(page.Reader.TryRead(out _), "nothing is told before the window ends");
        time.Advance(LiveUpdates.CoalesceWindow);
        var told = await page.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("changed", told.Event);
        Assert.False(page.Reader.TryRead(out _), "twenty commits in one window are told once");

        Assert.True((await ledger.AppendAsync(founder, VotingKinds.NoticePosted, BodyJson.Write(new NoticePostedBody("late", new() { ["en"] = "T" }, new() { ["en"] = "x" })))).IsCommitted);
        time.Advance(LiveUpdates.CoalesceWindow);
        Assert.Equal("changed", (await page.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Event);
        Assert.Equal(2, live.Version);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
