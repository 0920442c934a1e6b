using System.Security.Cryptography;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;
using Kiosk.Mesh.Tests.Support;
using MQTTnet;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// A running gateway (<c>kiosk run</c>) against peers that break the rules: each is refused with a reason in the
/// gateway's log, counted, and the gateway's state does not change.
/// </summary>
public sealed class HostilePeerTests(HostilePeerTests.Gateway gateway) : IClassFixture<HostilePeerTests.Gateway>
{
    /// <summary>
    /// g1 running; g2 and g3 enrolled but not running (the tests speak for them: g2 ends up shut out, g3 never does); g4
    /// enrolled and then retired in g1's ledger.
    /// </summary>
    public sealed class Gateway : IAsyncLifetime
    {
        public MeshLab Lab { get; private set; } = null!;
        public AssemblyId Assembly { get; private set; }
        public AuthorKeyPair EnrolledKey { get; private set; } = null!;
        public AuthorKeyPair OtherEnrolledKey { get; private set; } = null!;
        public AuthorKeyPair RetiredKey { get; private set; } = null!;
        public GatewayProcess Process => Lab.Processes[0]!;
        public int Port => Lab.Ports[0];

        public async Task InitializeAsync()
        {
            Lab = await MeshLab.CreateAsync(4);
            EnrolledKey = KeyFile.Read(Path.Combine(Lab.Data(1), "keys", MeshLab.KeyName(1) + ".key"));
            OtherEnrolledKey = KeyFile.Read(Path.Combine(Lab.Data(2), "keys", MeshLab.KeyName(2) + ".key"));
            RetiredKey = KeyFile.Read(Path.Combine(Lab.Data(3), "keys", MeshLab.KeyName(3) + ".key"));
            await KioskCliRun.Ok(Lab.Data(0), "gateway", "retire", "g4", "--reason", "the hall closed");
            Assembly = AssemblyId.TryParse((await KioskCliRun.Ok(Lab.Data(0), "status", "--json")).Json.GetProperty("assembly").GetString(), out var id) ? id : throw new InvalidOperationException();
            await Lab.StartAsync(0);
            await Poll.UntilAsync(() => Process.Status is not null, () => Process.Output);
        }

        public async Task DisposeAsync()
        {
            await Lab.DisposeAsync();
            EnrolledKey.Dispose();
            OtherEnrolledKey.Dispose();
            RetiredKey.Dispose();
        }

        public Task LoggedAsync(string text) => Poll.UntilAsync(() => Process.Output.Contains(text, StringComparison.Ordinal), () => $"'{text}' not in the log:\n{Process.Output}");
    }

    private async Task<string> HashAsync() => await gateway.Lab.StateHashAsync(0);

    [Fact]
    public async Task A_key_that_is_not_enrolled_is_refused()
    {
        var before = await HashAsync();
        using var stranger = AuthorKeyPair.Generate();
        await using var peer = new HostilePeer(stranger, gateway.Assembly);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await peer.ConnectAsync(gateway.Port));
        await gateway.LoggedAsync($"key {stranger.PublicKey.ShortHex} is not an enrolled gateway of this assembly");
        Assert.Equal(before, await HashAsync());
    }

    [Fact]
    public async Task A_retired_gateway_is_refused()
    {
        var before = await HashAsync();
        var refusedBefore = gateway.Process.Status?.RefusedConnections ?? 0;
        await using var peer = new HostilePeer(gateway.RetiredKey, gateway.Assembly);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await peer.ConnectAsync(gateway.Port));
        await gateway.LoggedAsync($"retired: gateway g4 ({gateway.RetiredKey.PublicKey.ShortHex}) was retired from the assembly");
        await Poll.UntilAsync(() => gateway.Process.Status?.RefusedConnections > refusedBefore, () => "the refusal was not counted in status.json");
        Assert.Equal(before, await HashAsync());
    }

    [Fact]
    public async Task A_peer_of_another_assembly_is_refused()
    {
        var other = new AssemblyId(1, 2);
        await using var peer = new HostilePeer(gateway.OtherEnrolledKey, other);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await peer.ConnectAsync(gateway.Port));
        await gateway.LoggedAsync($"wrong assembly: it peers for assembly {other}");
    }

    [Fact]
    public async Task A_replayed_connect_on_another_connection_is_refused()
    {
        // The enrolled gateway's genuine statement, made for its own certificate, replayed by a client presenting another.
        using var genuine = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
            Kiosk.Mesh.Peers.PeerCertificate.Create(gateway.OtherEnrolledKey.PublicKey, DateTimeOffset.UtcNow), null);
        await using var replayer = new HostilePeer(gateway.OtherEnrolledKey, gateway.Assembly);
        var code = await replayer.ConnectAsync(gateway.Port, password: server => replayer.Sign(gateway.OtherEnrolledKey, genuine, server));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
        await gateway.LoggedAsync("does not cover this connection's certificates and keys (a replayed or forged CONNECT)");
    }

    [Fact]
    public async Task Forged_oversized_and_garbage_batches_are_refused_and_change_nothing_until_the_peer_is_dropped()
    {
        var before = await HashAsync();
        await using var peer = new HostilePeer(gateway.EnrolledKey, gateway.Assembly);
        Assert.Equal(MqttClientConnectResultCode.Success, await peer.ConnectAsync(gateway.Port));
        await peer.SubscribeAsync();
        await Poll.UntilAsync(() => peer.Received.Any(m => m.Topic == peer.Topics.Auth(gateway.EnrolledKey.PublicKey)), () => "no auth message");
        var batchTopic = peer.Topics.Batch(peer.ServerKey);

        // An event claiming the founder's key with a signature that is not the founder's.
        var founder = Bytes32.Read(Convert.FromHexString((await KioskCliRun.Ok(gateway.Lab.Data(0), "status", "--json")).Json.GetProperty("members").EnumerateArray()
            .First(m => m.GetProperty("role").GetString() == "facilitator").GetProperty("key").GetString()!));
        var forged = EventEncoding.EncodeUnsigned(gateway.Assembly, founder, 99, Bytes32.Read(RandomNumberGenerator.GetBytes(32)), 0, "NoticePosted", "{}"u8);
        RandomNumberGenerator.Fill(forged.AsSpan(forged.Length - EventEncoding.SignatureLength));
        await peer.PublishAsync(batchTopic, new BatchMessage(1, 0, false, [forged]).Encode());
        await gateway.LoggedAsync("BadSignature");

        await peer.PublishAsync(batchTopic, new byte[MeshLimits.MaxBatchBytes + 1]);
        await gateway.LoggedAsync($"batch is {MeshLimits.MaxBatchBytes + 1} bytes; the limit is {MeshLimits.MaxBatchBytes}");

        await peer.PublishAsync(batchTopic, RandomNumberGenerator.GetBytes(300));
        await gateway.LoggedAsync("batch does not start with the KIOSKBT1 header");

        await peer.PublishAsync(batchTopic, new BatchMessage(2, 0, false, [RandomNumberGenerator.GetBytes(200)]).Encode());
        await gateway.LoggedAsync("event refused: Malformed");

        await peer.PublishAsync(peer.Topics.Of(TopicKind.Want, peer.Key.PublicKey), new WantMessage(1, 0, [], []).Encode());
        await gateway.LoggedAsync("which is not addressed to this gateway nor about itself");
        Assert.Equal(before, await HashAsync());

        // Sixty-four refusals in all drop the peer and shut it out for a while.
        for (var i = 0; i < MeshLimits.RefusalsBeforeDrop; i++)
        {
            if (!peer.IsConnected) break;
            try { await peer.PublishAsync(batchTopic, RandomNumberGenerator.GetBytes(100)); }
            catch (MQTTnet.Exceptions.MqttCommunicationException) { break; }
        }
        await gateway.LoggedAsync($"dropped after {MeshLimits.RefusalsBeforeDrop} refused events or messages");
        await Poll.UntilAsync(() => !peer.IsConnected, () => "the hostile peer is still connected");
        await using var again = new HostilePeer(gateway.EnrolledKey, gateway.Assembly);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await again.ConnectAsync(gateway.Port));
        await gateway.LoggedAsync("is shut out until");
        Assert.Equal(before, await HashAsync());
        await Poll.UntilAsync(() => gateway.Process.Status?.RefusedConnections >= 1, () => "no refused connection counted in status.json");
    }

    [Fact]
    public async Task A_peer_may_subscribe_only_to_its_own_replication_topics()
    {
        await using var peer = new HostilePeer(gateway.OtherEnrolledKey, gateway.Assembly);
        Assert.Equal(MqttClientConnectResultCode.Success, await peer.ConnectAsync(gateway.Port));
        using var someoneElse = AuthorKeyPair.Generate();
        var root = $"kiosk/v1/{gateway.Assembly}/";
        foreach (var filter in (string[])[peer.Topics.Batch(someoneElse.PublicKey), peer.Topics.Want(someoneElse.PublicKey), root + "#", root + "ballot/current", root + "device/+/vote"])
            Assert.True((await peer.SubscribeAsync(filter)).Items.Single().ResultCode > MqttClientSubscribeResultCode.GrantedQoS2, $"{filter} was granted"); // 3.1.1: "failure"
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, (await peer.SubscribeAsync(peer.Topics.Batch(gateway.OtherEnrolledKey.PublicKey))).Items.Single().ResultCode);
        await gateway.LoggedAsync("a peer subscribes only to its own auth, want and batch topics");
    }
}
