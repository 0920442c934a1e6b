using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiosk.Ledger;

namespace Kiosk.Hub.Broker;

/// <summary>
/// The Mosquitto 2 configuration of a hub's broker (<c>kiosk hub broker-config --mosquitto</c>): one TLS listener that
/// requires a client certificate issued by the hub's CA and takes its common name (the node's key) as the user name,
/// and the dynamic-security plugin, whose only client at first is the hub itself, allowed to manage it. Everything else
/// is refused until the hub adds a role per enrolled gateway (<see cref="BrokerAcl"/>). Pure: text in, text out.
/// </summary>
public static class MosquittoConfig
{
    /// <summary>The configuration file's name.</summary>
    public const string ConfigFile = "mosquitto.conf";

    /// <summary>The dynamic-security plugin's state file's name (Mosquitto rewrites it on every change).</summary>
    public const string DynamicSecurityFile = "dynamic-security.json";

    /// <summary>The broker's server certificate and key file names.</summary>
    public const string ServerCertificateFile = "server.crt", ServerKeyFile = "server.key";

    /// <summary>Where Debian installs the plugin on amd64.</summary>
    public const string DefaultPlugin = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The role that lets the hub manage the plugin.</summary>
    public const string AdminRole = "kiosk-admin";

    /// <summary><c>mosquitto.conf</c> for a listener on <paramref name="address"/>:<paramref name="port"/>, with its files in <paramref name="folder"/>.</summary>
    public static string Config(string folder, string address, int port, string plugin)
    {
        var f = Path.GetFullPath(folder);
        return $"""
            # The co-op hub's broker, written by kiosk hub broker-config --mosquitto (docs/hub.md).
            # Only clients with a certificate of the hub's CA connect; their user name is the certificate's common name
            # (the node's key), and the dynamic-security plugin, which the hub keeps in step with its ledgers, says
            # which topics each may use.
            per_listener_settings false
            listener {port.ToString(CultureInfo.InvariantCulture)} {address}
            cafile {Path.Combine(f, BrokerAuthority.CertificateFile)}
            certfile {Path.Combine(f, ServerCertificateFile)}
            keyfile {Path.Combine(f, ServerKeyFile)}
            require_certificate true
            use_identity_as_username true
            plugin {plugin}
            plugin_opt_config_file {Path.Combine(f, DynamicSecurityFile)}
            # A returning gateway's catch-up is many messages.
            max_queued_messages 100000
            log_type error
            log_type warning
            log_type notice
            log_type information

            """;
    }

    /// <summary>The plugin's first state: nothing allowed, except the hub (<paramref name="hubKey"/>) managing the plugin.</summary>
    public static string DynamicSecurity(Bytes32 hubKey)
    {
        // Built as JSON nodes, not serialized from objects, so no reflection is needed (Native AOT).
        var state = new JsonObject
        {
            ["defaultACLAccess"] = new JsonObject { ["publishClientSend"] = false, ["publishClientReceive"] = true, ["subscribe"] = false, ["unsubscribe"] = true },
            ["clients"] = new JsonArray(new JsonObject
            {
                ["username"] = hubKey.ToHex(),
                ["textname"] = "the co-op hub",
                ["roles"] = new JsonArray(new JsonObject { ["rolename"] = AdminRole }),
            }),
            ["groups"] = new JsonArray(),
            ["roles"] = new JsonArray(new JsonObject
            {
                ["rolename"] = AdminRole,
                ["acls"] = new JsonArray(
                    Acl("publishClientSend", BrokerAcl.ControlTopic),
                    Acl("subscribeLiteral", BrokerAcl.ResponseTopic),
                    // Mosquitto withholds $-topics unless a role lets them in, whatever the default says.
                    Acl("publishClientReceive", BrokerAcl.ResponseTopic)),
            }),
        };
        return state.ToJsonString(Indented);
    }

    private static JsonObject Acl(string type, string topic) => new() { ["acltype"] = type, ["topic"] = topic, ["allow"] = true };
}
