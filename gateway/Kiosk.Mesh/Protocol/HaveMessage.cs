using System.Text.Json;
using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// <c>have/{node}</c>: what a node holds: for each feed its head (seq and event id), the feeds it knows to be forked
/// (from which seq), and the hash of its state; then its own signed <see cref="StateStatement"/> and the newest
/// statements it heard of other gateways (docs/mesh.md, "States heard"). Retained; re-published on change, at most once
/// a second.
/// </summary>
/// <param name="Node">The gateway whose holdings these are.</param>
/// <param name="StateHash">Its state hash (equal hashes: the same applied events).</param>
/// <param name="Feeds">Author → head (highest seq held, and that event's id).</param>
/// <param name="Forks">Author → the lowest seq at which it knows two events.</param>
public sealed record HaveMessage(Bytes32 Node, Bytes32 StateHash, IReadOnlyDictionary<Bytes32, FeedHead> Feeds, IReadOnlyDictionary<Bytes32, long> Forks)
{
    private const string What = "have";

    /// <summary>The node's signed statement of its own state (its node and state are this have's); null when it sent none.</summary>
    public StateStatement? Statement { get; init; }

    /// <summary>Other gateways' statements the node heard (newest of each, in key order, at most <see cref="MeshLimits.MaxHeard"/>).</summary>
    public IReadOnlyList<StateStatement> Heard { get; init; } = [];

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
        if (Statement is { } own)
        {
            if (own.Node != Node || own.State != StateHash) throw new InvalidOperationException("a have's own statement must name its node and state");
            w.WriteNumber("held", own.Held);
            w.WriteString("signature", Convert.ToHexStringLower(own.Signature));
            w.WriteStartArray("heard");
            foreach (var heard in Heard.OrderBy(h => h.Node))
            {
                w.WriteStartObject();
                w.WriteString("node", heard.Node.ToHex());
                w.WriteString("state", heard.State.ToHex());
                w.WriteNumber("held", heard.Held);
                w.WriteString("signature", Convert.ToHexStringLower(heard.Signature));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
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
        // The statements came later in version 1: a have without them is whole, and tells only of its own node.
        if (!root.TryGetProperty("signature", out _)) return message;
        var held = MeshJson.Long(root, "held", What, message.Events);
        var own = new StateStatement(node, state, held, MeshJson.Signature(root, What));
        var heard = new List<StateStatement>();
        var seen = new HashSet<Bytes32> { node };
        foreach (var item in MeshJson.Array(root, "heard", What, MeshLimits.MaxHeard))
        {
            var entry = MeshJson.Object(item, What);
            var statement = new StateStatement(MeshJson.Key(entry, "node", What), MeshJson.Key(entry, "state", What), MeshJson.Long(entry, "held", What, 1), MeshJson.Signature(entry, What));
            if (!seen.Add(statement.Node)) throw new MeshJson.ProblemException($"have: \"heard\" lists {statement.Node.ShortHex} twice, or the node itself");
            heard.Add(statement);
        }
        return message with { Statement = own, Heard = heard };
    }

}
