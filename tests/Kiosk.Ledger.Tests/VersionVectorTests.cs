using CsCheck;

namespace Kiosk.Ledger.Tests;

/// <summary>Version vectors say exactly what the other side lacks.</summary>
public sealed class VersionVectorTests
{
    private static Bytes32 Author(int n) => new(0, 0, 0, (ulong)n);

    [Fact]
    public void Missing_lists_exactly_the_ranges_the_other_lacks()
    {
        var mine = new VersionVector([KeyValuePair.Create(Author(1), 5L), KeyValuePair.Create(Author(2), 3L), KeyValuePair.Create(Author(3), 1L)]);
        var theirs = new VersionVector([KeyValuePair.Create(Author(1), 2L), KeyValuePair.Create(Author(2), 7L)]);
        Assert.Equal([new FeedRange(Author(1), 3, 5), new FeedRange(Author(3), 1, 1)], mine.Missing(theirs));
        Assert.Equal([new FeedRange(Author(2), 4, 7)], theirs.Missing(mine));
    }

    [Fact]
    public void After_exchanging_what_each_lacks_both_vectors_are_equal()
    {
        var gen = Gen.Long[0, 50].Array[1, 20].Select(seqs => seqs.Select((seq, i) => KeyValuePair.Create(i + 1, seq)).ToDictionary());
        Gen.Select(gen, gen).Sample((a, b) =>
        {
            var va = new VersionVector(a.Select(kv => KeyValuePair.Create(Author(kv.Key), kv.Value)));
            var vb = new VersionVector(b.Select(kv => KeyValuePair.Create(Author(kv.Key), kv.Value)));
            var merged = new Dictionary<Bytes32, long>(va.Entries);
            foreach (var range in vb.Missing(va)) merged[range.Author] = range.ToSeq;
            var mergedB = new Dictionary<Bytes32, long>(vb.Entries);
            foreach (var range in va.Missing(vb)) mergedB[range.Author] = range.ToSeq;
            var x = new VersionVector(merged);
            var y = new VersionVector(mergedB);
            Assert.True(x.Dominates(y) && y.Dominates(x));
            Assert.True(x.Dominates(va) && x.Dominates(vb));
        });
    }

    [Fact]
    public void The_text_form_round_trips_and_bad_text_is_refused()
    {
        var v = new VersionVector([KeyValuePair.Create(Author(9), 12L), KeyValuePair.Create(Author(4), 1L)]);
        Assert.True(VersionVector.TryParse(v.ToString(), out var parsed));
        Assert.Equal(v.ToString(), parsed.ToString());
        Assert.False(VersionVector.TryParse("zz:1", out _));
        Assert.False(VersionVector.TryParse($"{Author(1).ToHex()}:-3", out _));
    }
}
