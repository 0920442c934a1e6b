using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh.Tests.Protocol;

/// <summary>
/// docs/mesh.md's example statement and signatures, read from the file: the protocol as written and as built agree
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
