using System.Globalization;
using System.Text;
using Kiosk.Ledger;

namespace Kiosk.Hub.Broker;

/// <summary>
/// The users file of the hub's NATS cluster (<see cref="NatsConfig.UsersFile"/>), the NATS form of
/// <see cref="BrokerAcl"/>: one user per enrolled, not retired gateway or hub, named by its client certificate's subject
/// (the MQTT listener's <c>verify_and_map</c>), allowed over MQTT only, and permitted exactly the topics its roles give
/// it in Mosquitto, as NATS subjects. The hub is always there, so that the file never leaves the cluster without users
/// (NATS would then let anyone in). Pure.
/// </summary>
public static class NatsPermissions
{
    /// <summary>
    /// The NATS subject a QoS 1 subscription is delivered through (<c>$MQTT.sub.&lt;id&gt;</c>): a user needs it to
    /// subscribe at QoS 1. NATS refuses MQTT clients any topic under <c>$MQTT</c>, so it opens nobody else's messages.
    /// </summary>
    public const string QosDelivery = "$MQTT.sub.>";

    /// <summary>
    /// The user name NATS maps <paramref name="node"/>'s client certificate to: its subject as RFC 2253 writes it
    /// (<see cref="BrokerAuthority.IssueClient"/> names the node's key as the common name).
    /// </summary>
    public static string UserName(Bytes32 node) => UserNameOf(node.ToHex());

    private static string UserNameOf(string key) => $"CN={key},O=Kiosk gateway";

    /// <summary>
    /// The NATS subject of an MQTT topic or filter: NATS maps <c>/</c> to <c>.</c>, <c>+</c> to <c>*</c> and <c>#</c>
    /// to <c>&gt;</c>. The mesh's topics hold no dots or spaces (ids and keys are hex), which NATS would map otherwise.
    /// </summary>
    public static string Subject(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Contains('.', StringComparison.Ordinal) || topic.Contains(' ', StringComparison.Ordinal))
            throw new ArgumentException($"'{topic}' is not a mesh topic", nameof(topic));
        return string.Join('.', topic.Split('/').Select(level => level switch { "+" => "*", "#" => ">", _ => level }));
    }

    /// <summary>
    /// The users file for the roles <paramref name="desired"/> (<see cref="BrokerAcl.Desired"/>) and the hub
    /// <paramref name="hub"/>; a node enrolled in several assemblies gets all their topics. Same input, same text.
    /// </summary>
    public static string Users(Bytes32 hub, IReadOnlyDictionary<string, (AssemblyId Assembly, Bytes32 Node)> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var nodes = new SortedDictionary<string, (SortedSet<string> Publish, SortedSet<string> Subscribe)>(StringComparer.Ordinal)
        {
            [hub.ToHex()] = ([], []),
        };
        foreach (var (assembly, node) in desired.Values)
        {
            if (!nodes.TryGetValue(node.ToHex(), out var allowed)) nodes[node.ToHex()] = allowed = ([], []);
            foreach (var (type, topic) in BrokerAcl.Acls(assembly, node))
                (type == "publishClientSend" ? allowed.Publish : allowed.Subscribe).Add(Subject(topic));
        }
        var text = new StringBuilder("# The hub's enrolled gateways and hubs, written by the hub (kiosk hub run) from its ledgers: do not edit.\nusers = [\n");
        foreach (var (key, (publish, subscribe)) in nodes)
        {
            // A node with no topic (the hub before it serves an assembly) may connect but use nothing.
            var pub = publish.Count == 0 ? "deny: [\">\"]" : $"allow: [{Quote(publish)}]";
            var sub = subscribe.Count == 0 ? "deny: [\">\"]" : $"allow: [{Quote([.. subscribe, QosDelivery])}]";
            text.Append(CultureInfo.InvariantCulture, $"  {{ user: \"{UserNameOf(key)}\", allowed_connection_types: [\"MQTT\"], permissions: {{ publish: {{ {pub} }}, subscribe: {{ {sub} }} }} }}\n");
        }
        return text.Append("]\n").ToString();
    }

    private static string Quote(IEnumerable<string> subjects) => string.Join(", ", subjects.Select(s => $"\"{s}\""));
}
