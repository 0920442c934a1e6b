using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// A file's events are imported whatever their order and however often a line repeats: the result is the ledger an
/// in-order import gives, and every line is counted once under the right heading (issue 13, finding 4).
/// </summary>
public sealed class LedgerImportTests
{
    private static List<LedgerEvent> Assembly()
    {
        var founder = AuthorKeyPair.Generate();
        var ana = AuthorKeyPair.Generate();
        var gateway = AuthorKeyPair.Generate();
        var feeds = new OfflineFeeds(founder);
        var events = new List<LedgerEvent> { feeds.Genesis, feeds.AddFacilitator(founder, ana), feeds.EnrolGateway(ana, gateway) };
        for (var i = 0; i < 14; i++)
        {
            events.Add(feeds.Note(founder, $"founder {i}"));
            events.Add(feeds.Note(ana, $"ana {i}"));
            events.Add(feeds.Note(gateway, $"gateway {i}"));
        }
        return events;
    }

    [Fact]
    public async Task A_shuffled_file_with_repeated_lines_imports_completely_in_one_run()
    {
        var events = Assembly();
        Assert.Equal(45, events.Count);
        using var folder = new TempFolder();
        Bytes32 inOrder;
        await using (var reference = Ledger.Open(folder.File("in-order.db"), TestKinds.Options()))
        {
            var report = await LedgerImport.ImportAsync(reference, [.. events.Select(e => e.Raw)]);
            Assert.Equal((45, 0, 0, 0), (report.Accepted, report.Duplicates, report.Pending, report.Refused.Count));
            inOrder = reference.StateHash();
        }

        // Every line shuffled, and 21 of them a second time: what a hand-edited or twice-joined file looks like.
        var random = new Random(13);
        var lines = events.Concat(events.Take(21)).Select(e => e.Raw).ToArray();
        random.Shuffle(lines);
        await using var ledger = Ledger.Open(folder.File("shuffled.db"), TestKinds.Options());
        var shuffled = await LedgerImport.ImportAsync(ledger, lines);
        Assert.True(shuffled.Refused.Count == 0, string.Join("; ", shuffled.Refused));
        Assert.Equal((45, 21, 0), (shuffled.Accepted, shuffled.Duplicates, shuffled.Pending));
        Assert.Equal(0, ledger.PendingCount);
        Assert.Equal(inOrder, ledger.StateHash());

        // The same file again: every line is a duplicate, nothing accepted.
        var again = await LedgerImport.ImportAsync(ledger, lines);
        Assert.Equal((0, 66, 0, 0), (again.Accepted, again.Duplicates, again.Pending, again.Refused.Count));
    }

    [Fact]
    public async Task Events_of_an_author_never_enrolled_stay_pending_and_a_forged_one_is_refused_by_its_line()
    {
        var founder = AuthorKeyPair.Generate();
        var stranger = AuthorKeyPair.Generate();
        var feeds = new OfflineFeeds(founder);
        var events = new List<LedgerEvent> { feeds.Genesis, feeds.Note(founder, "a"), feeds.Note(stranger, "who?"), feeds.Note(stranger, "me") };
        var forged = (byte[])events[1].Raw.Clone();
        forged[^1] ^= 0x01;
        var lines = events.Select(e => e.Raw).Reverse().Append(forged).ToArray();
        using var folder = new TempFolder();
        await using var ledger = Ledger.Open(folder.File("l.db"), TestKinds.Options());
        var report = await LedgerImport.ImportAsync(ledger, lines);
        Assert.Equal((2, 0, 2), (report.Accepted, report.Duplicates, report.Pending));
        var refused = Assert.Single(report.Refused);
        Assert.Equal(4, refused.Index);
        Assert.Equal(RejectReason.BadSignature, refused.Rejection.Reason);
    }
}
