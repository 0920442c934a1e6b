using System.Text.Json;
using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// <c>want/{responder}</c>: the events a requester lacks, as ranges of feeds in the order it wants them (authority
/// feeds first), the feeds whose fork proofs it asks for, and a credit: how many bytes of events the responder may
/// send in answer. Each want replaces the requester's previous one.
/// </summary>
/// <param name="Request">The requester's number for this want (echoed in the batches that answer it).</param>
/// <param name="Credit">Bytes of events the responder may send.</param>
/// <param name="Ranges">Events wanted, feed by feed.</param>
/// <param name="ForkProofs">Authors whose fork proofs (both events at a forked seq) are wanted.</param>
public sealed record WantMessage(long Request, int Credit, IReadOnlyList<FeedRange> Ranges, IReadOnlyList<Bytes32> ForkProofs)
{
    private const string What = "want";

    /// <summary>The JSON payload.</summary>
    public byte[] Encode() => MeshJson.Write(w =>
    {
        w.WriteNumber("request", Request);
        w.WriteNumber("credit", Credit);
        w.WriteStartArray("ranges");
        foreach (var range in Ranges)
        {
            w.WriteStartObject();
            w.WriteString("author", range.Author.ToHex());
            w.WriteNumber("from", range.FromSeq);
            w.WriteNumber("to", range.ToSeq);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("forkProofs");
        foreach (var author in ForkProofs) w.WriteStringValue(author.ToHex());
        w.WriteEndArray();
    });

    /// <summary>Decodes a payload; false with the problem when it breaks the protocol.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out WantMessage message, out string? problem) =>
        MeshJson.TryDecode(payload, MeshLimits.MaxWantBytes, What, Read, out message, out problem);

    private static WantMessage Read(JsonElement root)
    {
        var ranges = new List<FeedRange>();
        foreach (var item in MeshJson.Array(root, "ranges", What, MeshLimits.MaxRanges))
        {
            var range = MeshJson.Object(item, What);
            var author = MeshJson.Key(range, "author", What);
            var from = MeshJson.Long(range, "from", What, 1);
            var to = MeshJson.Long(range, "to", What, 1);
            if (to < from) throw new MeshJson.ProblemException($"want: range {author.ShortHex} {from}..{to} ends before it starts");
            ranges.Add(new FeedRange(author, from, to));
        }
        var proofs = new List<Bytes32>();
        foreach (var item in MeshJson.Array(root, "forkProofs", What, MeshLimits.MaxFeeds))
            proofs.Add(MeshJson.ParseKey(item.ValueKind == JsonValueKind.String ? item.GetString() : null, "forkProofs", What));
        return new WantMessage(MeshJson.Long(root, "request", What), (int)MeshJson.Long(root, "credit", What, 0, int.MaxValue), ranges, proofs);
    }
}
