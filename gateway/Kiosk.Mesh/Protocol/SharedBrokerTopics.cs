using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// Topics of the mesh on a shared broker (Mosquitto, NATS), where every node is a client and the broker, not the link,
/// says who sent what: <c>want</c> and <c>batch</c> gain a level naming the sender, so a broker ACL can allow each
/// client to publish only under its own key (docs/hub.md). <c>have/{node}</c> and <c>feed/{author}</c> are as on a
/// link. Pure: no I/O.
/// </summary>
public sealed class SharedBrokerTopics(AssemblyId assembly)
{
    private readonly string _prefix = $"{MeshTopics.Root}{assembly}/";

    /// <summary><c>want/{responder}/{requester}</c>.</summary>
    public string Want(Bytes32 responder, Bytes32 requester) => $"{_prefix}want/{responder.ToHex()}/{requester.ToHex()}";

    /// <summary><c>batch/{requester}/{responder}</c>.</summary>
    public string Batch(Bytes32 requester, Bytes32 responder) => $"{_prefix}batch/{requester.ToHex()}/{responder.ToHex()}";

    /// <summary>What a node subscribes to: wants and batches addressed to it, every have, every live event.</summary>
    public IReadOnlyList<string> SubscriptionsOf(Bytes32 node) =>
        [$"{_prefix}want/{node.ToHex()}/+", $"{_prefix}batch/{node.ToHex()}/+", $"{_prefix}have/+", $"{_prefix}feed/+"];

    /// <summary>
    /// Parses a want or batch topic of this assembly: its kind, the node it is addressed to, and its sender.
    /// False for anything else (have and feed parse with <see cref="MeshTopics.TryParse"/>).
    /// </summary>
    public bool TryParseAddressed(string topic, out TopicKind kind, out Bytes32 to, out Bytes32 from)
    {
        kind = default;
        to = default;
        from = default;
        if (topic is null || !topic.StartsWith(_prefix, StringComparison.Ordinal)) return false;
        var parts = topic[_prefix.Length..].Split('/');
        if (parts.Length != 3) return false;
        if (parts[0] == "want") kind = TopicKind.Want;
        else if (parts[0] == "batch") kind = TopicKind.Batch;
        else return false;
        return LowerHex.TryParseKey(parts[1], out to) && LowerHex.TryParseKey(parts[2], out from);
    }
}
