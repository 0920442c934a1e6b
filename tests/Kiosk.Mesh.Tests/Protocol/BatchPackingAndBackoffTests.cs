using Kiosk.Ledger;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh.Tests.Protocol;

/// <summary>Packing an answer into batches within the credit, redial delays, which of two links stays, which refusals count, the peer book.</summary>
public sealed class BatchPackingAndBackoffTests
{
    private static List<BatchMessage> Pack(int credit, IEnumerable<int> sizes)
    {
        var packer = new BatchPacker(7, credit);
        var batches = new List<BatchMessage>();
        foreach (var size in sizes)
        {
            if (!packer.HasCredit(size)) break;
            if (packer.Add(new byte[size]) is { } full) batches.Add(full);
        }
        batches.Add(packer.Finish());
        return batches;
    }

    [Fact]
    public void An_answer_is_batches_of_at_most_256_KiB_within_the_credit_the_last_saying_no_more()
    {
        var batches = Pack(MeshLimits.DefaultCredit, Enumerable.Repeat(40_000, 100));
        Assert.All(batches, b => Assert.True(b.Length <= MeshLimits.MaxBatchBytes));
        Assert.All(batches, b => Assert.Equal(7, b.Request));
        Assert.Equal(Enumerable.Range(0, batches.Count), batches.Select(b => b.Index));
        Assert.All(batches[..^1], b => Assert.True(b.More));
        Assert.False(batches[^1].More);
        var sent = batches.Sum(b => b.Events.Sum(e => (long)e.Length));
        Assert.True(sent <= MeshLimits.DefaultCredit && sent > MeshLimits.DefaultCredit - 40_000, $"{sent} bytes sent");
    }

    [Fact]
    public void An_answer_always_carries_one_event_and_nothing_to_send_is_one_empty_final_batch()
    {
        var one = Pack(0, [EventEncoding.MaxLength, EventEncoding.MaxLength, EventEncoding.MaxLength, EventEncoding.MaxLength, EventEncoding.MaxLength, EventEncoding.MaxLength]);
        Assert.Equal(5, one.Sum(b => b.Events.Count)); // the credit is raised to the least honoured (one batch's worth)
        var none = Pack(MeshLimits.DefaultCredit, []);
        Assert.Single(none);
        Assert.Empty(none[0].Events);
        Assert.False(none[0].More);
        Assert.Equal(MeshLimits.MaxCredit, new BatchPacker(1, int.MaxValue).Credit);
    }

    [Fact]
    public void Redial_delays_double_up_to_the_maximum_with_jitter_and_reset()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2, new Random(3));
        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds).ToList();
        double[] full = [1, 2, 4, 8, 10, 10, 10, 10];
        for (var i = 0; i < full.Length; i++) Assert.InRange(delays[i], full[i] * 0.8, full[i]);
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalSeconds, 0.8, 1);
    }

    [Fact]
    public void Of_two_links_between_the_same_gateways_both_ends_keep_the_one_the_smaller_key_dialled()
    {
        using var a = AuthorKeyPair.Generate();
        using var b = AuthorKeyPair.Generate();
        var (small, large) = a.PublicKey < b.PublicKey ? (a.PublicKey, b.PublicKey) : (b.PublicKey, a.PublicKey);
        // At the smaller key's end: its own dialled link beats the one the larger key dialled in, whichever came first.
        Assert.True(LinkPreference.ReplaceExisting(LinkDirection.Accepted, LinkDirection.Dialled, small, large));
        Assert.False(LinkPreference.ReplaceExisting(LinkDirection.Dialled, LinkDirection.Accepted, small, large));
        // At the larger key's end: the link the smaller key dialled in beats its own.
        Assert.True(LinkPreference.ReplaceExisting(LinkDirection.Dialled, LinkDirection.Accepted, large, small));
        Assert.False(LinkPreference.ReplaceExisting(LinkDirection.Accepted, LinkDirection.Dialled, large, small));
        // A reconnection in the same direction replaces the stale link.
        Assert.True(LinkPreference.ReplaceExisting(LinkDirection.Accepted, LinkDirection.Accepted, large, small));
    }

    [Theory]
    [InlineData(RejectReason.BadSignature, true)]
    [InlineData(RejectReason.Malformed, true)]
    [InlineData(RejectReason.Oversize, true)]
    [InlineData(RejectReason.WrongAssembly, true)]
    [InlineData(RejectReason.MalformedBody, true)]
    [InlineData(RejectReason.BadGenesis, true)]
    [InlineData(RejectReason.Duplicate, false)]
    [InlineData(RejectReason.SeqGap, false)]
    [InlineData(RejectReason.WrongPrev, false)]
    [InlineData(RejectReason.Equivocation, false)]
    [InlineData(RejectReason.FeedForked, false)]
    [InlineData(RejectReason.UnknownKind, false)]
    [InlineData(RejectReason.PendingQuotaExceeded, false)]
    public void Only_what_no_honest_relay_sends_counts_against_a_peer(RejectReason reason, bool counts) =>
        Assert.Equal(counts, RefusalPolicy.CountsAgainstPeer(reason));

    [Fact]
    public void The_peer_book_adds_lists_and_removes_and_refuses_bad_entries()
    {
        using var folder = new TempFolder();
        var path = folder.File("mesh/peers.json");
        var book = PeerBook.Load(path, out var problem)!;
        Assert.Null(problem);
        Assert.Null(book.Add("hall", "mqtts://192.168.1.20:8883"));
        Assert.Null(book.Add("school", "mqtts://school.local:18883"));
        Assert.Contains("exists already", book.Add("hall", "mqtts://10.0.0.1:8883"), StringComparison.Ordinal);
        Assert.Contains("has that address already", book.Add("hall2", "mqtts://192.168.1.20:8883"), StringComparison.Ordinal);
        Assert.Contains("use mqtts://HOST:PORT", book.Add("x", "mqtt://192.168.1.20:1883"), StringComparison.Ordinal);
        Assert.Contains("use mqtts://HOST:PORT", book.Add("x", "mqtts://192.168.1.20"), StringComparison.Ordinal);
        Assert.Contains("not a usable peer name", book.Add("a b", "mqtts://h:1"), StringComparison.Ordinal);
        var reread = PeerBook.Load(path, out _)!;
        Assert.Equal(["hall", "school"], reread.Peers.Select(p => p.Name));
        Assert.Equal(new Uri("mqtts://school.local:18883"), reread.Peers[1].Url);
        Assert.Null(reread.Remove("hall"));
        Assert.Contains("no peer named 'hall'", reread.Remove("hall"), StringComparison.Ordinal);
        Assert.Equal(["school"], PeerBook.Load(path, out _)!.Peers.Select(p => p.Name));
        File.WriteAllText(path, "{\"peers\": 3}");
        Assert.Null(PeerBook.Load(path, out problem));
        Assert.Contains("no \"peers\" list", problem, StringComparison.Ordinal);
    }
}
