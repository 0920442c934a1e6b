using System.Security.Cryptography.X509Certificates;
using Kiosk.Hub.Broker;
using Kiosk.Hub.Tests.Support;
using Kiosk.Ledger;
using Kiosk.Mesh;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Protocol;
using Kiosk.Mesh.Tests.Support;
using MQTTnet;

namespace Kiosk.Hub.Tests;

/// <summary>
/// The hub and gateways on the real 3-node NATS cluster <c>kiosk hub broker-config --nats</c> writes: TLS MQTT listeners
/// that map each client certificate of the hub's CA to a user, TLS routes, and the users file the hub keeps in step with
/// its enrolments. Each node is dialled in a different order, so every message crosses the routes; the hub's node is
/// killed in the middle of a catch-up, and hostile clients are refused and logged by the node they reach.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class NatsClusterTests(PostgresServer postgres)
{
    // Enough that the node dies in the middle of the catch-up: since the hub answers duplicates from memory and writes
    // each commit in one statement, 10,000 notices were sometimes all taken between two polls of a quiet machine.
    private const int Notices = 50_000;

    [Fact]
    public async Task A_catch_up_over_TLS_survives_the_loss_of_the_hubs_node_and_a_live_vote_follows()
    {
        var (lab, codes) = await HubLab.CreateAsync(postgres, count: 1, ballot: "paint", codes: 1, nats: true);
        await using var owned = lab;
        var nats = lab.Nats!;
        await lab.WriteNoticesAsync(0, Notices);

        // The hub (on node 1) writes the users file for its enrolments, has the nodes reload it, then catches up the
        // gateway's offline notices (the gateway on node 3)...
        await lab.StartHubAsync();
        var before = 0L;
        await Poll.UntilAsync(() => (before = lab.Hub!.Status(lab.Assembly)?.Events ?? 0) > 0, () => lab.Hub!.Output, TimeSpan.FromSeconds(60));
        Assert.Contains("NATS users in step with the ledgers (2 users), 3 of 3 nodes reloaded", lab.Hub!.Output, StringComparison.Ordinal);
        await lab.StartAsync(0);
        long taken = 0;
        await Poll.UntilAsync(() => (taken = lab.Hub!.Status(lab.Assembly)?.Events ?? 0) > before + 200,
            () => $"the hub took nothing from g1:\n{lab.Hub!.Output}\n{Tail(nats.Output)}", TimeSpan.FromSeconds(120));

        // ...when node 1 dies (SIGKILL). The hub moves to node 2 and the catch-up completes through nodes 2 and 3.
        await nats.StopAsync(0);
        Assert.True(taken < before + Notices, $"the catch-up was over before the node was killed ({taken} events): nothing was interrupted");
        await InStepAsync(lab, nats);
        Assert.Equal(lab.Gateways[0]!.Status!.Events, lab.Hub!.Status(lab.Assembly)!.Events);
        Assert.Contains($"connection to broker {nats.MqttUrl(0).Authority} lost", lab.Hub.Output, StringComparison.Ordinal);

        // A live vote then travels the same way.
        await lab.VoteAsync(0, codes[0], "a");
        await lab.CountedAsync(0, "paint", 1);
        await InStepAsync(lab, nats);
        Assert.Equal(lab.Gateways[0]!.Status!.Events, lab.Hub!.Status(lab.Assembly)!.Events);
    }

    [Fact]
    public async Task Hostile_clients_are_refused_and_logged_a_wrong_certificate_an_unenrolled_key_another_assemblys_topics()
    {
        var (lab, _) = await HubLab.CreateAsync(postgres, count: 1, ballot: "paint", codes: 1, nats: true);
        await using var owned = lab;
        var nats = lab.Nats!;
        var assembly = AssemblyId.TryParse(lab.Assembly, out var id) ? id : throw new InvalidOperationException(lab.Assembly);
        var g1 = GatewayKey(lab);
        var hub = Bytes32.TryParseHex(lab.HubKey, out var h) ? h : throw new InvalidOperationException(lab.HubKey);
        var node = nats.MqttUrl(1);
        var g1Tls = lab.GatewayTls(0);

        // Before the hub runs, the users file broker-config wrote knows only the hub: g1's good certificate is refused...
        await Assert.ThrowsAnyAsync<Exception>(() => RawBrokerClient.ConnectAsync(node, "g1-early", g1Tls));
        await Poll.UntilAsync(() => Count(nats, "authentication error - User") == 1, () => $"NATS did not log g1's early refusal:\n{Tail(nats.Output)}", TimeSpan.FromSeconds(30));

        // ...until the hub has written its enrolments into the file and had the three nodes reload it.
        await lab.StartHubAsync();
        var users = Path.Combine(lab.BrokerFolder, NatsConfig.UsersFile);
        await Poll.UntilAsync(() => File.ReadAllText(users).Contains(NatsPermissions.UserName(g1), StringComparison.Ordinal)
                && lab.Hub!.Output.Contains("3 of 3 nodes reloaded", StringComparison.Ordinal),
            () => $"the hub did not give g1 a user:\n{File.ReadAllText(users)}\n--- hub ---\n{lab.Hub!.Output}", TimeSpan.FromSeconds(60));

        // A wrong client certificate (g1's own self-signed one, with g1's name but not of the hub's CA): no TLS connection, and logged.
        using (var selfSigned = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(lab.Data(0), "mesh", "gateway-g1.pfx"), null))
            await Assert.ThrowsAnyAsync<Exception>(() => RawBrokerClient.ConnectAsync(node, "g1-self-signed", g1Tls with { ClientCertificate = selfSigned }));
        await Poll.UntilAsync(() => Logged(nats, "TLS handshake error", "failed to verify client certificate"),
            () => $"NATS did not log the wrong certificate:\n{Tail(nats.Output)}", TimeSpan.FromSeconds(30));

        // A certificate of the hub's CA for a key enrolled nowhere (say, issued before it was retired): TLS passes, no user, refused.
        using var stranger = AuthorKeyPair.Generate();
        using var strangerTls = X509CertificateLoader.LoadPkcs12(PeerCertificate.Create(stranger.PublicKey, DateTimeOffset.UtcNow), null);
        using (var authority = BrokerAuthority.LoadOrCreate(lab.BrokerFolder, hub, DateTimeOffset.UtcNow))
        using (var issued = authority.IssueClient(stranger.PublicKey, strangerTls.PublicKey, DateTimeOffset.UtcNow))
        using (var key = strangerTls.GetECDsaPrivateKey()!)
            await Assert.ThrowsAnyAsync<Exception>(() => RawBrokerClient.ConnectAsync(node, "stranger", new BrokerTls(issued.CopyWithPrivateKey(key), g1Tls.Authority)));
        await Poll.UntilAsync(() => Count(nats, "authentication error - User") == 2, () => $"NATS did not log the stranger's refusal:\n{Tail(nats.Output)}", TimeSpan.FromSeconds(30));

        // g1 with its own certificate: its assembly's topics are open to it (the control), another assembly's are not,
        // and neither is publishing under another node's key in its own assembly.
        await using var g1Raw = await ForeignTopics.TryAsync(node, "g1-raw", g1Tls, assembly, g1, hub);
        // g1's own have comes back to it (it subscribed to have/+): the broker took it, and by then it had judged the two before.
        await Poll.UntilAsync(() => g1Raw.Client.Received.Any(m => m.Topic == g1Raw.OwnHave),
            () => $"g1's own have did not come back:\n{Tail(nats.Output)}", TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => Logged(nats, "Publish Violation", $"Subject \"{NatsPermissions.Subject(g1Raw.Foreign)}\"") && Logged(nats, "Publish Violation", $"Subject \"{NatsPermissions.Subject(g1Raw.Impersonating)}\""),
            () => $"NATS did not log g1's refused publishes:\n{Tail(nats.Output)}", TimeSpan.FromSeconds(30));
        Assert.False(Logged(nats, "Violation", NatsPermissions.Subject(g1Raw.OwnHave)));
        Assert.True(Logged(nats, "Subscription Violation", $"User \"{NatsPermissions.UserName(g1)}\""));
        Assert.DoesNotContain(g1Raw.Client.Received, m => m.Topic == g1Raw.Foreign || m.Topic == g1Raw.Impersonating);
    }

    /// <summary>How many lines of the cluster's log hold <paramref name="what"/>.</summary>
    private static int Count(NatsCluster nats, string what) => nats.Output.Split('\n').Count(l => l.Contains(what, StringComparison.Ordinal));

    /// <summary>True when a line of the cluster's log holds both <paramref name="what"/> and <paramref name="detail"/>.</summary>
    private static bool Logged(NatsCluster nats, string what, string detail) =>
        nats.Output.Split('\n').Any(l => l.Contains(what, StringComparison.Ordinal) && l.Contains(detail, StringComparison.Ordinal));

    private static Bytes32 GatewayKey(HubLab lab)
    {
        using var key = KeyFile.Read(Path.Combine(lab.Data(0), "keys", "gateway-g1.key"));
        return key.PublicKey;
    }

    private static async Task InStepAsync(HubLab lab, NatsCluster nats)
    {
        try
        {
            await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        }
        catch (Xunit.Sdk.FailException e)
        {
            Assert.Fail($"{e.Message}\n--- nats ---\n{Tail(nats.Output)}");
        }
    }

    private static string Tail(string text) => text.Length <= 6_000 ? text : text[^6_000..];
}
