using System.Text.Json.Nodes;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Hub.Broker;

/// <summary>
/// The broker ACLs the hub keeps in Mosquitto's dynamic-security plugin: one role per enrolled, not retired gateway or
/// hub of each assembly, held by the client whose user name is that node's key. A role lets its node publish only
/// under its own key in its own assembly (its <c>have</c>, its wants and batches, and live events) and subscribe only
/// to what the mesh subscribes to there (<see cref="SharedBrokerTopics.SubscriptionsOf"/>). Pure.
/// </summary>
public static class BrokerAcl
{
    /// <summary>The plugin's command topic.</summary>
    public const string ControlTopic = "$CONTROL/dynamic-security/v1";

    /// <summary>Where the plugin answers.</summary>
    public const string ResponseTopic = "$CONTROL/dynamic-security/v1/response";

    /// <summary>Every role the hub manages starts with this.</summary>
    public const string RolePrefix = "kiosk-node-";

    /// <summary>The role of <paramref name="node"/> in <paramref name="assembly"/>.</summary>
    public static string RoleName(AssemblyId assembly, Bytes32 node) => $"{RolePrefix}{assembly}-{node.ToHex()}";

    /// <summary>The roles the ledgers call for: role name, with its assembly and node.</summary>
    public static IReadOnlyDictionary<string, (AssemblyId Assembly, Bytes32 Node)> Desired(IEnumerable<(AssemblyId Assembly, AuthorityTable Authority)> ledgers)
    {
        ArgumentNullException.ThrowIfNull(ledgers);
        var roles = new Dictionary<string, (AssemblyId, Bytes32)>(StringComparer.Ordinal);
        foreach (var (assembly, authority) in ledgers)
            foreach (var member in authority.Members.Values)
                if (member.Role is Role.Gateway or Role.Hub && !member.IsRemoved)
                    roles[RoleName(assembly, member.Key)] = (assembly, member.Key);
        return roles;
    }

    /// <summary>The ACL entries of <paramref name="node"/>'s role in <paramref name="assembly"/>: (type, topic).</summary>
    public static IReadOnlyList<(string Type, string Topic)> Acls(AssemblyId assembly, Bytes32 node)
    {
        var prefix = $"{MeshTopics.Root}{assembly}/";
        var key = node.ToHex();
        List<(string, string)> acls =
        [
            ("publishClientSend", $"{prefix}have/{key}"),
            ("publishClientSend", $"{prefix}want/+/{key}"),
            ("publishClientSend", $"{prefix}batch/+/{key}"),
            ("publishClientSend", $"{prefix}feed/+"),
        ];
        foreach (var filter in new SharedBrokerTopics(assembly).SubscriptionsOf(node)) acls.Add(("subscribeLiteral", filter));
        return acls;
    }

    /// <summary>The plugin commands that create <paramref name="role"/> with its ACLs and give it to the node's client (made when missing).</summary>
    public static IEnumerable<JsonObject> CreateCommands(string role, AssemblyId assembly, Bytes32 node)
    {
        yield return new JsonObject { ["command"] = "createRole", ["rolename"] = role };
        foreach (var (type, topic) in Acls(assembly, node))
            yield return new JsonObject { ["command"] = "addRoleACL", ["rolename"] = role, ["acltype"] = type, ["topic"] = topic, ["allow"] = true };
        yield return new JsonObject { ["command"] = "createClient", ["username"] = node.ToHex() };
        yield return new JsonObject { ["command"] = "addClientRole", ["username"] = node.ToHex(), ["rolename"] = role };
    }

    /// <summary>The plugin command that removes <paramref name="role"/> (and so its node's access; Mosquitto disconnects the node).</summary>
    public static JsonObject DeleteCommand(string role) => new() { ["command"] = "deleteRole", ["rolename"] = role };
}
