using System.Text;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh.Tests.Protocol;

/// <summary>The wire form of have, want, batch and auth: round trips, and every way a message can break the protocol is refused with a reason.</summary>
public sealed class ProtocolMessageTests
{
    private static Bytes32 Key(byte b) => Bytes32.Read(Enumerable.Repeat(b, 32).ToArray());

    [Fact]
    public void A_have_round_trips_with_its_feeds_forks_and_state_hash()
    {
        var have = new HaveMessage(Key(1), Key(2), new Dictionary<Bytes32, FeedHead> { [Key(3)] = new(7, Key(4)), [Key(5)] = new(1, Key(6)) }, new Dictionary<Bytes32, long> { [Key(3)] = 5 });
        Assert.True(HaveMessage.TryDecode(have.Encode(), out var back, out var problem), problem);
        Assert.Equal(have.Node, back.Node);
        Assert.Equal(have.StateHash, back.StateHash);
        Assert.Equal(have.Feeds, back.Feeds);
        Assert.Equal(have.Forks, back.Forks);
        Assert.Equal(8, back.Events);
        Assert.Equal(7, back.Vector[Key(3)]);
    }

    [Fact]
    public void A_want_round_trips_in_its_order()
    {
        var want = new WantMessage(42, 1 << 20, [new FeedRange(Key(9), 3, 10), new FeedRange(Key(1), 1, 1)], [Key(7)]);
        Assert.True(WantMessage.TryDecode(want.Encode(), out var back, out var problem), problem);
        Assert.Equal(42, back.Request);
        Assert.Equal(1 << 20, back.Credit);
        Assert.Equal(want.Ranges, back.Ranges);
        Assert.Equal(want.ForkProofs, back.ForkProofs);
    }

    [Fact]
    public void A_batch_round_trips_its_events_and_flags()
    {
        byte[][] events = [Encoding.ASCII.GetBytes(new string('x', 180)), Encoding.ASCII.GetBytes(new string('y', 200))];
        var batch = new BatchMessage(5, 2, true, events);
        var bytes = batch.Encode();
        Assert.Equal(batch.Length, bytes.Length);
        Assert.True(BatchMessage.TryDecode(bytes, out var back, out var problem), problem);
        Assert.Equal((5L, 2, true), (back.Request, back.Index, back.More));
        Assert.Equal(events, back.Events);
        Assert.True(BatchMessage.TryDecode(new BatchMessage(0, 0, false, []).Encode(), out var empty, out _));
        Assert.Empty(empty.Events);
    }

    [Fact]
    public void An_auth_round_trips()
    {
        var auth = new AuthMessage(Key(3), Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());
        Assert.True(AuthMessage.TryDecode(auth.Encode(), out var back, out var problem), problem);
        Assert.Equal(auth.Node, back.Node);
        Assert.Equal(auth.Signature, back.Signature);
    }

    public static TheoryData<string, string> BrokenHaves => new()
    {
        { "[]", "not a JSON object" },
        { "{\"v\":2}", "protocol version 2" },
        { "{\"v\":1,\"node\":\"00\"}", "\"node\" is not 64 lower-case hex" },
        { $"{{\"v\":1,\"node\":\"{new string('A', 64)}\",\"state\":\"{new string('0', 64)}\",\"events\":0,\"feeds\":[],\"forks\":[]}}", "\"node\" is not 64 lower-case hex" },
        { $"{{\"v\":1,\"node\":\"{new string('0', 64)}\",\"state\":\"{new string('0', 64)}\",\"events\":0,\"forks\":[]}}", "lacks \"feeds\"" },
        { $"{{\"v\":1,\"node\":\"{new string('0', 64)}\",\"state\":\"{new string('0', 64)}\",\"events\":1,\"feeds\":[],\"forks\":[]}}", "not the sum" },
        { $"{{\"v\":1,\"node\":\"{new string('0', 64)}\",\"state\":\"{new string('0', 64)}\",\"events\":0,\"feeds\":[{{\"author\":\"{new string('1', 64)}\",\"seq\":0,\"head\":\"{new string('2', 64)}\"}}],\"forks\":[]}}", "\"seq\" is not a whole number between 1" },
        { "{\"v\":1,", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BrokenHaves))]
    public void A_broken_have_is_refused_with_a_reason(string json, string reason)
    {
        Assert.False(HaveMessage.TryDecode(Encoding.UTF8.GetBytes(json), out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BrokenWants => new()
    {
        { "{\"v\":1,\"request\":1,\"credit\":5,\"ranges\":{},\"forkProofs\":[]}", "\"ranges\" is object, not array" },
        { $"{{\"v\":1,\"request\":1,\"credit\":5,\"ranges\":[{{\"author\":\"{new string('1', 64)}\",\"from\":9,\"to\":3}}],\"forkProofs\":[]}}", "ends before it starts" },
        { "{\"v\":1,\"request\":-1,\"credit\":5,\"ranges\":[],\"forkProofs\":[]}", "\"request\" is not a whole number" },
        { "{\"v\":1,\"request\":1,\"credit\":5,\"ranges\":[],\"forkProofs\":[7]}", "\"forkProofs\" is not 64 lower-case hex" },
    };

    [Theory]
    [MemberData(nameof(BrokenWants))]
    public void A_broken_want_is_refused_with_a_reason(string json, string reason)
    {
        Assert.False(WantMessage.TryDecode(Encoding.UTF8.GetBytes(json), out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_want_with_too_many_ranges_is_refused()
    {
        var want = new WantMessage(1, 1, [.. Enumerable.Range(1, MeshLimits.MaxRanges + 1).Select(i => new FeedRange(Key(1), i, i))], []);
        Assert.False(WantMessage.TryDecode(want.Encode(), out _, out var problem));
        Assert.Contains($"the limit is {MeshLimits.MaxRanges}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_batches_are_refused_with_a_reason()
    {
        var good = new BatchMessage(1, 0, false, [new byte[EventEncoding.MinLength]]).Encode();
        string Problem(byte[] bytes) => BatchMessage.TryDecode(bytes, out _, out var problem) ? "accepted" : problem!;

        Assert.Contains("the limit is", Problem(new byte[MeshLimits.MaxBatchBytes + 1]), StringComparison.Ordinal);
        Assert.Contains("KIOSKBT1", Problem(Encoding.ASCII.GetBytes("hello, this is not a batch at all")), StringComparison.Ordinal);
        Assert.Contains("bytes after its last event", Problem([.. good, 0]), StringComparison.Ordinal);
        var flags = (byte[])good.Clone();
        flags[20] = 0x80;
        Assert.Contains("unknown flags", Problem(flags), StringComparison.Ordinal);
        var count = (byte[])good.Clone();
        count[24] = 200;
        Assert.Contains("more than its", Problem(count), StringComparison.Ordinal);
        var length = (byte[])good.Clone();
        length[BatchMessage.HeaderLength] = 0x7f;
        Assert.Contains("past the batch's end", Problem(length), StringComparison.Ordinal);
    }
}
