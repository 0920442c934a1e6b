using System.Globalization;
using System.Text;

namespace Kiosk.Hub.Broker;

/// <summary>
/// The configuration of each node of a NATS cluster (Debian's <c>nats-server</c> 2.9) used as the hub's broker
/// (<c>kiosk hub broker-config --nats</c>): JetStream on (the MQTT listener needs it), every node routed to the others
/// over TLS with certificates of the hub's CA, and an MQTT 3.1.1 listener that takes only clients with a certificate of
/// that CA and maps the certificate's subject to a user of <see cref="UsersFile"/>, which the hub keeps in step with its
/// enrolments (<see cref="NatsPermissions"/>). Pure: values in, text out.
/// </summary>
public static class NatsConfig
{
    /// <summary>The cluster's name.</summary>
    public const string ClusterName = "kiosk-hub";

    /// <summary>
    /// The users and permissions file every node includes. NATS resolves an include relative to the including file, so
    /// it lies beside the node's configuration.
    /// </summary>
    public const string UsersFile = "nats-users.conf";

    /// <summary>The file name of node <paramref name="index"/>'s configuration (0-based index, 1-based name).</summary>
    public static string FileName(int index) => $"nats-{Number(index)}.conf";

    /// <summary>The file name of node <paramref name="index"/>'s certificate (server, and client of the routes).</summary>
    public static string CertificateFile(int index) => $"nats-{Number(index)}.crt";

    /// <summary>The file name of node <paramref name="index"/>'s private key.</summary>
    public static string KeyFile(int index) => $"nats-{Number(index)}.key";

    /// <summary>The file name of node <paramref name="index"/>'s process id, which the hub signals to reload <see cref="UsersFile"/>.</summary>
    public static string PidFile(int index) => $"nats-{Number(index)}.pid";

    private static string Number(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Node <paramref name="index"/>'s configuration in the cluster <paramref name="nodes"/>, its certificate, key, the
    /// CA and <see cref="UsersFile"/> in <paramref name="folder"/> (where this configuration lies too, on the node), its
    /// JetStream data in a folder of its own under <paramref name="storeDirectory"/> (so nodes may share one machine).
    /// </summary>
    public static string Node(IReadOnlyList<NatsNode> nodes, int index, string folder, string storeDirectory)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, nodes.Count);
        var self = nodes[index];
        var f = Path.GetFullPath(folder);
        var tls = $$"""
              tls {
                cert_file: "{{Path.Combine(f, CertificateFile(index))}}"
                key_file: "{{Path.Combine(f, KeyFile(index))}}"
                ca_file: "{{Path.Combine(f, BrokerAuthority.CertificateFile)}}"
            """;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            # Node {{index + 1}} of {{nodes.Count}} of the co-op hub's NATS cluster, written by kiosk hub broker-config --nats (docs/hub.md).
            # Run it as nats-server -c {{Path.Combine(f, FileName(index))}}: the files it names lie beside it.
            server_name: "{{ClusterName}}-{{index + 1}}"
            # The NATS client port: every user below may connect over MQTT only, so it serves nobody.
            listen: "{{self.Host}}:{{self.ClientPort}}"
            pid_file: "{{Path.Combine(f, PidFile(index))}}"
            # The MQTT listener keeps its sessions and retained messages in JetStream (a folder per node).
            jetstream {
              store_dir: "{{Path.Combine(Path.GetFullPath(storeDirectory), $"{ClusterName}-{index + 1}")}}"
            }
            # One user per enrolled gateway and hub, named by its certificate's subject, with the topics its enrolment
            # allows; the hub rewrites this file when the enrolments change and has the node reload it.
            authorization {
              include "{{UsersFile}}"
            }
            cluster {
              name: "{{ClusterName}}"
              listen: "{{self.Host}}:{{self.ClusterPort}}"
              routes: [{{string.Join(", ", nodes.Where((_, i) => i != index).Select(n => $"\"nats-route://{n.Host}:{n.ClusterPort}\""))}}]
              # Routes are TLS both ways: each node shows its certificate of the hub's CA and checks the other's.
            {{tls}}
                verify: true
                timeout: 5
              }
            }
            # MQTT 3.1.1 (QoS 0 and 1) is all the mesh protocol needs; its sessions and retained messages are kept on every node.
            mqtt {
              listen: "{{self.Host}}:{{self.MqttPort}}"
              stream_replicas: {{Math.Min(nodes.Count, 3)}}
              # Only certificates of the hub's CA; the certificate's subject is the user name.
            {{tls}}
                verify_and_map: true
                timeout: 5
              }
            }

            """);
        return text.ToString();
    }
}
