using System.Globalization;
using System.Text;

namespace Kiosk.Hub.Broker;

/// <summary>
/// The configuration of each node of a NATS cluster (Debian's <c>nats-server</c> 2.9) used as the hub's broker
/// (<c>kiosk hub broker-config --nats</c>): JetStream on (the MQTT listener needs it), every node routed to the others,
/// and an MQTT 3.1.1 listener whose sessions and retained messages are kept on all three nodes. Pure: values in, text out.
/// </summary>
public static class NatsConfig
{
    /// <summary>The cluster's name.</summary>
    public const string ClusterName = "kiosk-hub";

    /// <summary>The file name of node <paramref name="index"/>'s configuration (0-based index, 1-based name).</summary>
    public static string FileName(int index) => $"nats-{(index + 1).ToString(CultureInfo.InvariantCulture)}.conf";

    /// <summary>
    /// Node <paramref name="index"/>'s configuration in the cluster <paramref name="nodes"/>, keeping its JetStream data
    /// in <paramref name="storeDirectory"/>; with <paramref name="monitorPort"/>, its HTTP monitoring (<c>/healthz</c>) too.
    /// </summary>
    public static string Node(IReadOnlyList<NatsNode> nodes, int index, string storeDirectory, int? monitorPort = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, nodes.Count);
        var self = nodes[index];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            # Node {index + 1} of {nodes.Count} of the co-op hub's NATS cluster, written by kiosk hub broker-config --nats (docs/hub.md).
            server_name: "{ClusterName}-{index + 1}"
            listen: "{self.Host}:{self.ClientPort}"

            """);
        if (monitorPort is { } monitor) text.Append(CultureInfo.InvariantCulture, $"http: \"{self.Host}:{monitor}\"\n");
        text.Append(CultureInfo.InvariantCulture, $$"""
            # The MQTT listener keeps its sessions and retained messages in JetStream.
            jetstream {
              store_dir: "{{Path.GetFullPath(storeDirectory)}}"
            }
            cluster {
              name: "{{ClusterName}}"
              listen: "{{self.Host}}:{{self.ClusterPort}}"
              routes: [{{string.Join(", ", nodes.Where((_, i) => i != index).Select(n => $"\"nats-route://{n.Host}:{n.ClusterPort}\""))}}]
            }
            # MQTT 3.1.1 (QoS 0 and 1) is all the mesh protocol needs; its sessions and retained messages are kept on every node.
            mqtt {
              listen: "{{self.Host}}:{{self.MqttPort}}"
              stream_replicas: {{Math.Min(nodes.Count, 3)}}
            }

            """);
        return text.ToString();
    }
}
