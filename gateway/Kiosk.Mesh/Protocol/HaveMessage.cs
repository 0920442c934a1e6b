using System.Text.Json;
using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// <c>have/{node}</c>: what a node holds: for each feed its head (seq and event id), the feeds it knows to be forked
/// (from which seq), and the hash of its state. Retained; re-published on change, at most once a second.
/// </summary>
/// <param name="Node">The gateway whose holdings these are.</param>
/// <param name="StateHash">Its state hash (equal hashes: the same applied events).</param>
/// <param name="Feeds">Author → head (highest seq held, and that event's id).</param>
/// <param name="Forks">Author → the lowest seq at which it knows two events.</param>
public sealed record HaveMessage(Bytes32 Node, Bytes32 StateHash, IReadOnlyDictionary<Bytes32, FeedHead> Feeds, IReadOnlyDictionary<Bytes32, long> Forks)
{
    private const string What = "have";

    /// <summary>The version vector (author → highest seq).</summary>
    public VersionVector Vector => new(Feeds.Select(f => KeyValuePair.Create(f.Key, f.Value.Seq)));

    /// <summary>The number of events held.</summary>
    public long Events => Feeds.Values.Sum(f => f.Seq);

    /// <summary>The JSON payload.</summary>
    public byte[] Encode() => MeshJson.Write(w =>
    {
        w.WriteString("node", Node.ToHex());
        w.WriteString("state", StateHash.ToHex());
        w.WriteNumber("events", Events);
        w.WriteStartArray("feeds");
        foreach (var (author, head) in Feeds.OrderBy(f => f.Key))
        {
            w.WriteStartObject();
            w.WriteString("author", author.ToHex());
            w.WriteNumber("seq", head.Seq);
            w.WriteString("head", head.Id.ToHex());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("forks");
        foreach (var (author, seq) in Forks.OrderBy(f => f.Key))
        {
            w.WriteStartObject();
            w.WriteString("author", author.ToHex());
            w.WriteNumber("seq", seq);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>Decodes a payload; false with the problem when it breaks the protocol.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out HaveMessage message, out string? problem) =>
        MeshJson.TryDecode(payload, MeshLimits.MaxHaveBytes, What, Read, out message, out problem);

    private static HaveMessage Read(JsonElement root)
    {
        var node = MeshJson.Key(root, "node", What);
        var state = MeshJson.Key(root, "state", What);
        var feeds = new Dictionary<Bytes32, FeedHead>();
        foreach (var item in MeshJson.Array(root, "feeds", What, MeshLimits.MaxFeeds))
        {
            var feed = MeshJson.Object(item, What);
            var author = MeshJson.Key(feed, "author", What);
            var head = new FeedHead(MeshJson.Long(feed, "seq", What, 1), MeshJson.Key(feed, "head", What));
            if (!feeds.TryAdd(author, head)) throw new MeshJson.ProblemException($"have lists feed {author.ShortHex} twice");
        }
        var forks = new Dictionary<Bytes32, long>();
        foreach (var item in MeshJson.Array(root, "forks", What, MeshLimits.MaxFeeds))
        {
            var fork = MeshJson.Object(item, What);
            var author = MeshJson.Key(fork, "author", What);
            if (!forks.TryAdd(author, MeshJson.Long(fork, "seq", What, 1))) throw new MeshJson.ProblemException($"have lists fork {author.ShortHex} twice");
        }
        var message = new HaveMessage(node, state, feeds, forks);
        // "events" is for people reading the message; it must agree with the feeds.
        if (MeshJson.Long(root, "events", What) != message.Events) throw new MeshJson.ProblemException("have: \"events\" is not the sum of the feeds' seqs");
        return message;
    }
}
