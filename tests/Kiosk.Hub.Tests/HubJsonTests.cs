using System.Text.Json;
using Kiosk.Hub.Broker;
using Kiosk.Ledger;

namespace Kiosk.Hub.Tests;

/// <summary>
/// The hub's files and broker commands are written without reflection (Native AOT): they must read as before (a file
/// without the version member is of version 1) and be the bytes reflection wrote.
/// </summary>
public sealed class HubJsonTests
{
    [Fact]
    public void A_bundle_without_its_version_member_is_of_version_1()
    {
        var bundle = EnrolmentBundle.Parse("""{"assembly":"a","broker":"mqtts://hub:8883","hub":"h","peers":[],"ca":"c","certificate":"t","ledger":"l"}""", out var problem);
        Assert.Null(problem);
        Assert.Equal(1, bundle!.Version);
        Assert.Equal("mqtts://hub:8883", bundle.Broker);
    }

    [Fact]
    public void A_bundle_of_another_version_is_refused()
    {
        Assert.Null(EnrolmentBundle.Parse("""{"v":2,"assembly":"a","broker":"b","hub":"h","peers":[],"ca":"c","certificate":"t","ledger":"l"}""", out var problem));
        Assert.Equal("it is of version 2, not 1", problem);
    }

    [Fact]
    public void A_certificate_request_without_its_version_member_is_of_version_1()
    {
        var request = BrokerCertificateRequest.Parse("""{"assembly":"a","key":"k","certificate":"c","signature":"s"}""", out var problem);
        Assert.Null(problem);
        Assert.Equal(1, request!.Version);
    }

    [Fact]
    public void A_bundle_is_written_as_reflection_wrote_it()
    {
        var bundle = new EnrolmentBundle
        {
            Assembly = "a1", Broker = "mqtts://hub:8883", Hub = "h1", Peers = [new PinnedKey("g1", "k1", "gateway")], Ca = "-----BEGIN CERTIFICATE-----\n+/=",
            Certificate = "c", Ledger = "bGVkZ2Vy+/==",
        };
        Assert.Equal(JsonSerializer.Serialize(bundle, Reflection(new(JsonSerializerDefaults.Web) { WriteIndented = true })), bundle.ToJson());
    }

    [Fact]
    public void The_dynamic_security_state_is_written_as_reflection_wrote_it()
    {
        Assert.True(Bytes32.TryParseHex(new string('a', 64), out var hubKey));
        var state = new
        {
            defaultACLAccess = new { publishClientSend = false, publishClientReceive = true, subscribe = false, unsubscribe = true },
            clients = new[] { new { username = hubKey.ToHex(), textname = "the co-op hub", roles = new[] { new { rolename = MosquittoConfig.AdminRole } } } },
            groups = Array.Empty<object>(),
            roles = new[]
            {
                new
                {
                    rolename = MosquittoConfig.AdminRole,
                    acls = new[]
                    {
                        new { acltype = "publishClientSend", topic = BrokerAcl.ControlTopic, allow = true },
                        new { acltype = "subscribeLiteral", topic = BrokerAcl.ResponseTopic, allow = true },
                        new { acltype = "publishClientReceive", topic = BrokerAcl.ResponseTopic, allow = true },
                    },
                },
            },
        };
        Assert.Equal(JsonSerializer.Serialize(state, Reflection(new() { WriteIndented = true })), MosquittoConfig.DynamicSecurity(hubKey));
    }

    [Fact]
    public void The_broker_commands_are_written_as_reflection_wrote_them()
    {
        Assert.True(Bytes32.TryParseHex(new string('b', 64), out var node));
        var assembly = AssemblyId.Derive(node, new byte[16]);
        var commands = BrokerAcl.CreateCommands("kiosk-r", assembly, node).Append(BrokerAcl.DeleteCommand("kiosk-old")).ToList();
        var written = new System.Text.Json.Nodes.JsonObject { ["commands"] = new System.Text.Json.Nodes.JsonArray([.. commands]) }.ToJsonString();
        var acls = BrokerAcl.Acls(assembly, node);
        var expected = new List<object> { new { command = "createRole", rolename = "kiosk-r" } };
        expected.AddRange(acls.Select(a => (object)new { command = "addRoleACL", rolename = "kiosk-r", acltype = a.Item1, topic = a.Item2, allow = true }));
        expected.Add(new { command = "createClient", username = node.ToHex() });
        expected.Add(new { command = "addClientRole", username = node.ToHex(), rolename = "kiosk-r" });
        expected.Add(new { command = "deleteRole", rolename = "kiosk-old" });
        Assert.Equal(JsonSerializer.Serialize(new { commands = expected }, Reflection(new())), written);
    }

    private static JsonSerializerOptions Reflection(JsonSerializerOptions options)
    {
        options.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();
        return options;
    }
}
