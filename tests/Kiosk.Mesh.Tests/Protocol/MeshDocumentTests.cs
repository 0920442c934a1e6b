using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh.Tests.Protocol;

/// <summary>
/// docs/mesh.md's example statements, signatures and have, read from the file: the protocol as written and as built agree
/// (Ed25519 signatures are deterministic, so the bytes must match exactly).
/// </summary>
public sealed partial class MeshDocumentTests
{
    private static readonly string Text = Read();

    private static string Read()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiosk.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir.FullName, "docs", "mesh.md"));
    }

    private static string Block(string name)
    {
        var match = Regex.Match(Text, "```" + Regex.Escape(name) + "\\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"docs/mesh.md has no {name} block");
        return match.Groups[1].Value;
    }

    private static readonly AssemblyId Assembly = AssemblyId.TryParse("c60d3522d4a8cc65c4cc40128c8eadd0", out var id) ? id : default;

    private static Bytes32 Hash(string text) => Bytes32.Read(SHA256.HashData(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void The_example_statement_signatures_and_auth_message_are_what_the_code_makes()
    {
        using var acceptor = AuthorKeyPair.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        using var dialler = AuthorKeyPair.FromSeed(SHA256.HashData("g2"u8));
        var (d, a) = (Hash("cert g2"), Hash("cert g1"));

        Assert.Equal(Block("mesh-username").Trim(), PeerStatement.UserName(Assembly, dialler.PublicKey));
        Assert.Equal(Block("mesh-connect-statement"), Encoding.ASCII.GetString(PeerStatement.Bytes(PeerStatement.Side.Connect, Assembly, dialler.PublicKey, acceptor.PublicKey, d, a)));
        var signature = Convert.FromHexString(Block("mesh-connect-signature").Trim());
        Assert.Equal(signature, PeerStatement.Sign(dialler, PeerStatement.Side.Connect, Assembly, dialler.PublicKey, acceptor.PublicKey, d, a));
        Assert.True(PeerStatement.Verify(signature, PeerStatement.Side.Connect, Assembly, dialler.PublicKey, acceptor.PublicKey, d, a));

        var auth = new AuthMessage(acceptor.PublicKey, PeerStatement.Sign(acceptor, PeerStatement.Side.Accept, Assembly, dialler.PublicKey, acceptor.PublicKey, d, a));
        Assert.Equal(Block("mesh-auth").Trim(), Encoding.UTF8.GetString(auth.Encode()));
    }

    [Fact]
    public void The_example_have_and_its_state_statements_are_what_the_code_makes()
    {
        using var g1 = AuthorKeyPair.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        using var g2 = AuthorKeyPair.FromSeed(SHA256.HashData("g2"u8));
        using var g3 = AuthorKeyPair.FromSeed(SHA256.HashData("g3"u8));
        var block = Block("mesh-have");
        Assert.True(HaveMessage.TryDecode(Encoding.UTF8.GetBytes(block), out var have, out var problem), problem);
        Assert.Equal(Regex.Replace(block, @"\s+", ""), Encoding.UTF8.GetString(have.Encode())); // the one spelling, laid out for reading

        var own = have.Statement!;
        Assert.Equal(g2.PublicKey, own.Node);
        Assert.Equal(Block("mesh-state-statement"), Encoding.ASCII.GetString(own.Bytes(Assembly)));
        Assert.Equal(StateStatement.Sign(g2, Assembly, own.State, own.Held).Signature, own.Signature);
        Assert.Equal([g3.PublicKey, g1.PublicKey], have.Heard.Select(h => h.Node)); // in key order
        Assert.All(have.Heard, h => Assert.True(h.Verify(Assembly), $"the statement of {h.Node.ShortHex} does not verify"));
        Assert.Equal(have.StateHash, have.Heard.Single(h => h.Node == g1.PublicKey).State);
        Assert.Equal(Hash("state g3"), have.Heard.Single(h => h.Node == g3.PublicKey).State);

        // g2 counts g1 in step and g3 not: what HeardStates keeps of this have, from g1's side of the line.
        var states = new HeardStates(Assembly);
        Assert.Null(states.Take(have, g1.PublicKey, _ => true));
        Assert.Equal(have.StateHash, states.Of(g2.PublicKey)!.State);
        Assert.Equal(41, states.Of(g3.PublicKey)!.Held);
        Assert.Null(states.Of(g1.PublicKey));
    }

    [Fact]
    public void The_example_empty_batch_is_what_the_code_makes()
    {
        var match = Regex.Match(Text, "empty final batch of want 7 is `([0-9a-f ]+)`");
        Assert.True(match.Success);
        Assert.Equal(match.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal), Convert.ToHexStringLower(new BatchMessage(7, 0, false, []).Encode()));
    }

    [Fact]
    public void The_example_discovery_txt_record_is_what_the_code_advertises()
    {
        using var acceptor = AuthorKeyPair.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        var advert = new Kiosk.Mesh.Discovery.DiscoveryAdvert(Assembly, acceptor.PublicKey);
        Assert.Equal(string.Join('\n', advert.ToTxt()) + "\n", Block("mesh-discovery-txt"));
    }
}
