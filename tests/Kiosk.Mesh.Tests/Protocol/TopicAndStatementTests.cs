using Kiosk.Ledger;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh.Tests.Protocol;

/// <summary>Topic names, the signed peer statements that bind a link to its TLS certificates, and the CONNECT user name.</summary>
public sealed class TopicAndStatementTests
{
    private static readonly AssemblyId Assembly = new(0x0102030405060708, 0x090a0b0c0d0e0f10);

    [Fact]
    public void Topics_name_the_assembly_kind_and_node_in_lower_case_hex()
    {
        var topics = new MeshTopics(Assembly);
        using var key = AuthorKeyPair.Generate();
        Assert.Equal($"kiosk/v1/0102030405060708090a0b0c0d0e0f10/have/{key.PublicKey.ToHex()}", topics.Have(key.PublicKey));
        foreach (var kind in Enum.GetValues<TopicKind>())
        {
            Assert.True(topics.TryParse(topics.Of(kind, key.PublicKey), out var parsed));
            Assert.Equal(new MeshTopic(kind, key.PublicKey), parsed);
        }
    }

    [Theory]
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f11/have/{key}")] // another assembly
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f10/ballot/current")]
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f10/have/{KEY}")] // upper-case: one spelling only
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f10/have/{key}/more")]
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f10/gossip/{key}")]
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f10/feed/+")]
    public void Anything_else_is_not_a_replication_topic(string template)
    {
        using var key = AuthorKeyPair.Generate();
        var topic = template.Replace("{key}", key.PublicKey.ToHex(), StringComparison.Ordinal).Replace("{KEY}", key.PublicKey.ToHex().ToUpperInvariant(), StringComparison.Ordinal);
        Assert.False(new MeshTopics(Assembly).TryParse(topic, out _));
    }

    [Fact]
    public void A_statement_verifies_only_for_its_side_assembly_keys_and_certificates()
    {
        using var dialler = AuthorKeyPair.Generate();
        using var acceptor = AuthorKeyPair.Generate();
        var (c1, c2, other) = (Bytes32.Read(new byte[32]), Bytes32.Read(Enumerable.Repeat((byte)1, 32).ToArray()), Bytes32.Read(Enumerable.Repeat((byte)2, 32).ToArray()));
        var signature = PeerStatement.Sign(dialler, PeerStatement.Side.Connect, Assembly, dialler.PublicKey, acceptor.PublicKey, c1, c2);

        Assert.True(PeerStatement.Verify(signature, PeerStatement.Side.Connect, Assembly, dialler.PublicKey, acceptor.PublicKey, c1, c2));
        Assert.False(PeerStatement.Verify(signature, PeerStatement.Side.Accept, Assembly, dialler.PublicKey, acceptor.PublicKey, c1, c2));
        Assert.False(PeerStatement.Verify(signature, PeerStatement.Side.Connect, new AssemblyId(1, 1), dialler.PublicKey, acceptor.PublicKey, c1, c2));
        Assert.False(PeerStatement.Verify(signature, PeerStatement.Side.Connect, Assembly, dialler.PublicKey, dialler.PublicKey, c1, c2));
        Assert.False(PeerStatement.Verify(signature, PeerStatement.Side.Connect, Assembly, dialler.PublicKey, acceptor.PublicKey, other, c2)); // replayed on another connection
        Assert.False(PeerStatement.Verify(signature, PeerStatement.Side.Connect, Assembly, dialler.PublicKey, acceptor.PublicKey, c1, other)); // made for another server
        var accept = PeerStatement.Sign(acceptor, PeerStatement.Side.Accept, Assembly, dialler.PublicKey, acceptor.PublicKey, c1, c2);
        Assert.True(PeerStatement.Verify(accept, PeerStatement.Side.Accept, Assembly, dialler.PublicKey, acceptor.PublicKey, c1, c2));
        Assert.False(PeerStatement.Verify(accept, PeerStatement.Side.Connect, Assembly, dialler.PublicKey, acceptor.PublicKey, c1, c2));
    }

    [Fact]
    public void The_statement_is_six_lines_of_text()
    {
        var bytes = PeerStatement.Bytes(PeerStatement.Side.Accept, Assembly, Bytes32.Zero, Bytes32.Zero, Bytes32.Zero, Bytes32.Zero);
        var lines = System.Text.Encoding.ASCII.GetString(bytes).Split('\n');
        Assert.Equal(7, lines.Length);
        Assert.Equal("kiosk/v1/peer-accept", lines[0]);
        Assert.Equal(Assembly.ToString(), lines[1]);
        Assert.Equal("", lines[6]);
    }

    [Fact]
    public void The_user_name_carries_assembly_and_key()
    {
        using var key = AuthorKeyPair.Generate();
        Assert.True(PeerStatement.TryParseUserName(PeerStatement.UserName(Assembly, key.PublicKey), out var assembly, out var parsed));
        Assert.Equal((Assembly, key.PublicKey), (assembly, parsed));
        Assert.False(PeerStatement.TryParseUserName("button-1", out _, out _));
        Assert.False(PeerStatement.TryParseUserName($"{Assembly}:{key.PublicKey.ToHex().ToUpperInvariant()}", out _, out _));
        Assert.False(PeerStatement.TryParseUserName(null, out _, out _));
    }

    [Fact]
    public void A_peer_certificate_names_its_gateway_key_and_is_kept_owner_only()
    {
        using var folder = new Kiosk.Ledger.Tests.Support.TempFolder();
        using var key = AuthorKeyPair.Generate();
        var path = folder.File("mesh/g.pfx");
        using var made = PeerCertificate.LoadOrCreate(path, key.PublicKey);
        Assert.Equal(key.PublicKey, PeerCertificate.GatewayKeyOf(made));
        Assert.True(made.HasPrivateKey);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var again = PeerCertificate.LoadOrCreate(path, key.PublicKey);
        Assert.Equal(made.Thumbprint, again.Thumbprint); // kept, not remade
        using var other = AuthorKeyPair.Generate();
        using var remade = PeerCertificate.LoadOrCreate(path, other.PublicKey);
        Assert.Equal(other.PublicKey, PeerCertificate.GatewayKeyOf(remade));
    }
}
