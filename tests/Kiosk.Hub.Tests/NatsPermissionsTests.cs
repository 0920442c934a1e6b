using Kiosk.Hub.Broker;
using Kiosk.Ledger;

namespace Kiosk.Hub.Tests;

/// <summary>The NATS users file the hub writes from its enrolments (<see cref="NatsPermissions"/>): pure, no NATS.</summary>
public sealed class NatsPermissionsTests
{
    private static readonly Bytes32 Hub = Key(1), G1 = Key(2), G2 = Key(3);
    private static readonly AssemblyId A = AssemblyId.Derive(Hub, "a"u8), B = AssemblyId.Derive(Hub, "b"u8);

    [Fact]
    public void Topics_become_subjects_with_NATS_wildcards()
    {
        Assert.Equal("kiosk.v1.x.want.*.ab", NatsPermissions.Subject("kiosk/v1/x/want/+/ab"));
        Assert.Equal("kiosk.v1.>", NatsPermissions.Subject("kiosk/v1/#"));
        Assert.Throws<ArgumentException>(() => NatsPermissions.Subject("kiosk/v1/a.b"));
    }

    [Fact]
    public void Each_node_gets_its_own_assemblys_topics_only_and_the_hub_is_always_a_user()
    {
        var alone = NatsPermissions.Users(Hub, new Dictionary<string, (AssemblyId, Bytes32)>());
        Assert.Contains($"user: \"{NatsPermissions.UserName(Hub)}\"", alone, StringComparison.Ordinal);
        Assert.Contains("publish: { deny: [\">\"] }, subscribe: { deny: [\">\"] }", alone, StringComparison.Ordinal);

        var desired = new Dictionary<string, (AssemblyId, Bytes32)>
        {
            [BrokerAcl.RoleName(A, Hub)] = (A, Hub), [BrokerAcl.RoleName(B, Hub)] = (B, Hub), [BrokerAcl.RoleName(A, G1)] = (A, G1), [BrokerAcl.RoleName(B, G2)] = (B, G2),
        };
        var text = NatsPermissions.Users(Hub, desired);
        var lines = text.Split('\n');
        string Line(Bytes32 node) => Assert.Single(lines, l => l.Contains(NatsPermissions.UserName(node), StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(l => l.Contains("user: ", StringComparison.Ordinal)));
        Assert.All(lines.Where(l => l.Contains("user: ", StringComparison.Ordinal)), l => Assert.Contains("allowed_connection_types: [\"MQTT\"]", l, StringComparison.Ordinal));
        // g1: its own have in A, A's have subscription; nothing of B, nothing under another key.
        Assert.Contains($"\"kiosk.v1.{A}.have.{G1.ToHex()}\"", Line(G1), StringComparison.Ordinal);
        Assert.Contains($"\"kiosk.v1.{A}.want.{G1.ToHex()}.*\"", Line(G1), StringComparison.Ordinal);
        Assert.DoesNotContain(B.ToString(), Line(G1), StringComparison.Ordinal);
        Assert.DoesNotContain($"have.{Hub.ToHex()}\"", Line(G1), StringComparison.Ordinal);
        Assert.DoesNotContain("kiosk.v1.>", text, StringComparison.Ordinal);
        // The hub: both its assemblies; every user with topics may take QoS 1 deliveries.
        Assert.Contains($"\"kiosk.v1.{A}.have.{Hub.ToHex()}\"", Line(Hub), StringComparison.Ordinal);
        Assert.Contains($"\"kiosk.v1.{B}.have.{Hub.ToHex()}\"", Line(Hub), StringComparison.Ordinal);
        Assert.Contains(NatsPermissions.QosDelivery, Line(G2), StringComparison.Ordinal);
        Assert.Equal(text, NatsPermissions.Users(Hub, desired.Reverse().ToDictionary()));
    }

    private static Bytes32 Key(byte b)
    {
        var bytes = new byte[32];
        bytes[0] = b;
        return Bytes32.Read(bytes);
    }
}
