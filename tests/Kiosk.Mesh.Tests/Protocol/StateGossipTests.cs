using System.Text;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh.Tests.Protocol;

/// <summary>
/// The state statements a have carries (docs/mesh.md, "States heard"): signed by the gateway whose state they name,
/// relayed by anyone, ordered by the events held; what a gateway keeps and relays, and what it refuses.
/// </summary>
public sealed class StateGossipTests : IDisposable
{
    private static readonly AssemblyId Assembly = AssemblyId.TryParse("c60d3522d4a8cc65c4cc40128c8eadd0", out var id) ? id : default;
    private static readonly AssemblyId Other = AssemblyId.TryParse("00112233445566778899aabbccddeeff", out var other) ? other : default;

    private readonly AuthorKeyPair _a = AuthorKeyPair.Generate(), _b = AuthorKeyPair.Generate(), _c = AuthorKeyPair.Generate(), _self = AuthorKeyPair.Generate();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _c.Dispose();
        _self.Dispose();
    }

    private static Bytes32 Hash(byte b) => Bytes32.Read(Enumerable.Repeat(b, 32).ToArray());

    /// <summary>A have of <paramref name="sender"/> holding <paramref name="held"/> events (one feed) with state <paramref name="state"/>, relaying <paramref name="heard"/>.</summary>
    private static HaveMessage Have(AuthorKeyPair sender, Bytes32 state, long held, params StateStatement[] heard) =>
        new HaveMessage(sender.PublicKey, state, new Dictionary<Bytes32, FeedHead> { [sender.PublicKey] = new(held, Hash(9)) }, new Dictionary<Bytes32, long>())
        {
            Statement = StateStatement.Sign(sender, Assembly, state, held),
            Heard = heard,
        };

    private static bool Everyone(Bytes32 node) => true;

    [Fact]
    public void A_statement_verifies_only_over_what_was_signed()
    {
        var statement = StateStatement.Sign(_a, Assembly, Hash(1), 43);
        Assert.True(statement.Verify(Assembly));
        Assert.False(statement.Verify(Other));
        Assert.False((statement with { State = Hash(2) }).Verify(Assembly));
        Assert.False((statement with { Held = 44 }).Verify(Assembly));
        Assert.False((statement with { Node = _b.PublicKey }).Verify(Assembly));
        Assert.Equal($"kiosk/v1/state\n{Assembly}\n{_a.PublicKey.ToHex()}\n{Hash(1).ToHex()}\n43\n", Encoding.ASCII.GetString(statement.Bytes(Assembly)));
    }

    [Fact]
    public void A_have_round_trips_its_statement_and_what_it_heard_in_key_order()
    {
        var heard = new[] { StateStatement.Sign(_b, Assembly, Hash(2), 40), StateStatement.Sign(_c, Assembly, Hash(3), 41) };
        var have = Have(_a, Hash(1), 43, heard);
        var bytes = have.Encode();
        Assert.True(HaveMessage.TryDecode(bytes, out var back, out var problem), problem);
        Assert.Equal(have.Statement!.Held, back.Statement!.Held);
        Assert.Equal(have.Statement.Signature, back.Statement.Signature);
        Assert.True(back.Statement.Verify(Assembly));
        Assert.Equal(heard.OrderBy(h => h.Node).Select(h => (h.Node, h.State, h.Held)), back.Heard.Select(h => (h.Node, h.State, h.Held)));
        Assert.All(back.Heard, h => Assert.True(h.Verify(Assembly)));
        Assert.Equal(bytes, back.Encode()); // one spelling
    }

    [Fact]
    public void A_have_without_statements_is_whole_and_tells_of_its_node_only()
    {
        var plain = new HaveMessage(_a.PublicKey, Hash(1), new Dictionary<Bytes32, FeedHead>(), new Dictionary<Bytes32, long>());
        Assert.DoesNotContain("heard", Encoding.UTF8.GetString(plain.Encode()), StringComparison.Ordinal);
        Assert.True(HaveMessage.TryDecode(plain.Encode(), out var back, out var problem), problem);
        Assert.Null(back.Statement);
        Assert.Empty(back.Heard);
    }

    public static TheoryData<string, string> BrokenStatements => new()
    {
        { ",\"signature\":\"" + new string('0', 128) + "\",\"heard\":[]", "lacks \"held\"" },
        { ",\"held\":2,\"signature\":\"" + new string('0', 128) + "\",\"heard\":[]", "\"held\" is not a whole number between 3" },
        { ",\"held\":3,\"signature\":\"" + new string('0', 126) + "\",\"heard\":[]", "\"signature\" is not 128 lower-case hex" },
        { ",\"held\":3,\"signature\":\"" + new string('0', 128) + "\"", "lacks \"heard\"" },
        { ",\"held\":3,\"signature\":\"" + new string('0', 128) + "\",\"heard\":[" + Entry('1') + "," + Entry('1') + "]", "lists 111111111111 twice, or the node itself" },
        { ",\"held\":3,\"signature\":\"" + new string('0', 128) + "\",\"heard\":[" + Entry('a') + "]", "lists aaaaaaaaaaaa twice, or the node itself" },
        { ",\"held\":3,\"signature\":\"" + new string('0', 128) + "\",\"heard\":[" + Entry('1').Replace("\"held\":5", "\"held\":0", StringComparison.Ordinal) + "]", "\"held\" is not a whole number between 1" },
    };

    private static string Entry(char node) =>
        $"{{\"node\":\"{new string(node, 64)}\",\"state\":\"{new string('2', 64)}\",\"held\":5,\"signature\":\"{new string('0', 128)}\"}}";

    [Theory]
    [MemberData(nameof(BrokenStatements))]
    public void A_have_with_a_broken_statement_is_refused_with_a_reason(string members, string reason)
    {
        var json = $"{{\"v\":1,\"node\":\"{new string('a', 64)}\",\"state\":\"{new string('0', 64)}\",\"events\":3,\"feeds\":[{{\"author\":\"{new string('a', 64)}\",\"seq\":3,\"head\":\"{new string('b', 64)}\"}}],\"forks\":[]{members}}}";
        Assert.False(HaveMessage.TryDecode(Encoding.UTF8.GetBytes(json), out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_have_relaying_more_statements_than_the_limit_is_refused()
    {
        var many = Enumerable.Range(0, MeshLimits.MaxHeard + 1).Select(i =>
        {
            var node = new byte[32];
            BitConverter.TryWriteBytes(node, i + 1);
            return new StateStatement(Bytes32.Read(node), Hash(2), 5, new byte[64]);
        }).ToArray();
        Assert.False(HaveMessage.TryDecode(Have(_a, Hash(1), 3, many).Encode(), out _, out var problem));
        Assert.Contains($"the limit is {MeshLimits.MaxHeard}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_statement_of_each_gateway_is_kept_whoever_relays_it()
    {
        var states = new HeardStates(Assembly);
        Assert.Null(states.Take(Have(_a, Hash(1), 10, StateStatement.Sign(_c, Assembly, Hash(3), 7)), _self.PublicKey, Everyone));
        Assert.Equal((Hash(1), 10L), (states.Of(_a.PublicKey)!.State, states.Of(_a.PublicKey)!.Held));
        Assert.Equal((Hash(3), 7L), (states.Of(_c.PublicKey)!.State, states.Of(_c.PublicKey)!.Held));
        var version = states.Version;

        // b relays an older word of c's and a newer one of a's: the newer is taken, the older left.
        Assert.Null(states.Take(Have(_b, Hash(2), 20, StateStatement.Sign(_c, Assembly, Hash(4), 6), StateStatement.Sign(_a, Assembly, Hash(5), 11)), _self.PublicKey, Everyone));
        Assert.Equal(Hash(3), states.Of(_c.PublicKey)!.State);
        Assert.Equal(Hash(5), states.Of(_a.PublicKey)!.State);
        Assert.True(states.Version > version);

        // The same statements again change nothing: the have is not re-published for them.
        version = states.Version;
        Assert.Null(states.Take(Have(_b, Hash(2), 20, StateStatement.Sign(_a, Assembly, Hash(5), 11)), _self.PublicKey, Everyone));
        Assert.Equal(version, states.Version);
        Assert.Equal(new[] { _a.PublicKey, _b.PublicKey, _c.PublicKey }.Order(), states.ToRelay(Everyone).Select(s => s.Node).Order());
        Assert.Equal(states.ToRelay(Everyone).Select(s => s.Node).Order(), states.ToRelay(Everyone).Select(s => s.Node));
    }

    [Fact]
    public void A_forged_statement_that_would_be_taken_refuses_the_whole_have_and_takes_nothing()
    {
        var states = new HeardStates(Assembly);
        var forged = StateStatement.Sign(_c, Assembly, Hash(3), 7) with { State = Hash(4) };
        var problem = states.Take(Have(_a, Hash(1), 10, forged), _self.PublicKey, Everyone);
        Assert.NotNull(problem);
        Assert.Contains("does not verify", problem, StringComparison.Ordinal);
        Assert.Null(states.Of(_a.PublicKey)); // the sender's own (good) statement was not taken either
        Assert.Null(states.Of(_c.PublicKey));
        Assert.Equal(0, states.Version);

        // Signed in another assembly: the same.
        var elsewhere = new StateStatement(_c.PublicKey, Hash(3), 7, StateStatement.Sign(_c, Other, Hash(3), 7).Signature);
        Assert.NotNull(states.Take(Have(_a, Hash(1), 10, elsewhere), _self.PublicKey, Everyone));
    }

    [Fact]
    public void Statements_of_this_gateway_and_of_nodes_not_admitted_are_neither_kept_nor_checked()
    {
        var states = new HeardStates(Assembly);
        var unverifiable = new StateStatement(_c.PublicKey, Hash(3), 7, new byte[64]); // would not verify
        var aboutSelf = StateStatement.Sign(_self, Assembly, Hash(6), 99);
        Assert.Null(states.Take(Have(_a, Hash(1), 10, unverifiable, aboutSelf), _self.PublicKey, node => node != _c.PublicKey));
        Assert.Null(states.Of(_c.PublicKey));
        Assert.Null(states.Of(_self.PublicKey));
        Assert.NotNull(states.Of(_a.PublicKey));
        Assert.Empty(states.ToRelay(node => node != _a.PublicKey)); // a gateway removed since is no longer relayed
    }

    [Fact]
    public void An_older_statement_is_not_even_checked()
    {
        var states = new HeardStates(Assembly);
        Assert.Null(states.Take(Have(_a, Hash(1), 10), _self.PublicKey, Everyone));
        var stale = new StateStatement(_a.PublicKey, Hash(7), 9, new byte[64]);
        Assert.Null(states.Take(Have(_b, Hash(2), 3, stale), _self.PublicKey, Everyone));
        Assert.Equal(Hash(1), states.Of(_a.PublicKey)!.State);
    }
}
