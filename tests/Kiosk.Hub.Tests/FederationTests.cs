using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Hub.Broker;
using Kiosk.Hub.Tests.Support;
using Kiosk.Ledger;
using Kiosk.Devices;
using Kiosk.Mesh;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Protocol;
using Kiosk.Mesh.Tests.Support;
using MQTTnet;

namespace Kiosk.Hub.Tests;

/// <summary>
/// Federation: co-op A's hub (its own PostgreSQL database and TLS Mosquitto, gateway g1 on it) and co-op B's hub (its
/// own database and TLS Mosquitto) are both enrolled in assembly X; A connects to B's broker as a client for X only
/// (<c>kiosk hub federate request</c>, B's <c>certify</c>, <c>federate add</c>). X's events reach B; another assembly
/// A holds does not. A third hub C, not enrolled in X, is refused at every step and gets nothing of X.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class FederationTests(PostgresServer postgres)
{
    [Fact]
    public async Task Two_coops_hubs_exchange_one_assembly_and_a_hub_not_enrolled_in_it_is_refused()
    {
        var (lab, codes) = await HubLab.CreateAsync(postgres, count: 1, ballot: "paint", codes: 1, tls: true);
        await using var owned = lab;
        var x = lab.Assembly;

        // Co-op B's hub, with its own database and its own TLS broker.
        var b = lab.File("hub-b");
        var port = FreePort.On(IPAddress.Loopback);
        var keyB = (await KioskCliRun.Ok(b, "hub", "init", "--postgres", await postgres.CreateDatabaseAsync(), "--broker", $"mqtt://127.0.0.1:{port}", "--json")).Json.GetProperty("hubKey").GetString()!;
        var config = (await KioskCliRun.Ok(b, "hub", "broker-config", "--mosquitto", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--address", "127.0.0.1", "--json"))
            .Json.GetProperty("config").GetString()!;
        await using var brokerB = await MosquittoBroker.StartGeneratedAsync(config, port);
        var caB = Path.Combine(b, "broker", "ca.crt");

        // A facilitator enrols B's hub in X (on g1, before it runs); both hubs import the ledger with that enrolment.
        await KioskCliRun.Ok(lab.Data(0), "hub", "enrol", "--name", "coop-b", "--key", keyB, "--output", lab.File("x.jsonl"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await KioskCliRun.Ok(lab.HubData, "hub", "import", "--input", lab.File("x.jsonl"));
        await KioskCliRun.Ok(b, "hub", "import", "--input", lab.File("x.jsonl"));

        // A also holds assembly Y, which it does not federate.
        var y = lab.File("other");
        await KioskCliRun.Ok(y, "init", "--name", "Other assembly");
        await KioskCliRun.Ok(y, "hub", "enrol", "--name", "coop-a", "--key", lab.HubKey, "--output", lab.File("y.jsonl"));
        var assemblyY = (await KioskCliRun.Ok(lab.HubData, "hub", "import", "--input", lab.File("y.jsonl"), "--json")).Json.GetProperty("assembly").GetString()!;

        // A asks B's CA for a certificate for X; B checks A is a hub of X in its own ledger and issues it; A adds the peer.
        await KioskCliRun.Ok(lab.HubData, "hub", "federate", "request", "--assembly", x, "--ca", caB, "--output", lab.File("a.request.json"));
        await KioskCliRun.Ok(b, "hub", "certify", "--request", lab.File("a.request.json"), "--output", lab.File("a.crt"));
        var wrong = await KioskCliRun.Kiosk(lab.HubData, "hub", "federate", "add", "--assembly", x, "--broker", brokerB.Url.ToString(), "--ca", caB, "--certificate", lab.File("g1.crt"));
        Assert.NotEqual(0, wrong.ExitCode); // g1's certificate (of A's CA) is not A's from B
        Assert.False(File.Exists(Path.Combine(lab.HubData, "federation.json")));
        await KioskCliRun.Ok(lab.HubData, "hub", "federate", "add", "--assembly", x, "--broker", brokerB.Url.ToString(), "--ca", caB, "--certificate", lab.File("a.crt"));

        // A third co-op's hub C holds a copy of X's ledger but is not enrolled in it: refused by itself and by B.
        var c = lab.File("hub-c");
        await KioskCliRun.Ok(c, "hub", "init", "--postgres", await postgres.CreateDatabaseAsync(), "--broker", "mqtt://127.0.0.1:1");
        await KioskCliRun.Ok(c, "hub", "import", "--input", lab.File("x.jsonl"));
        var selfRefused = await KioskCliRun.Kiosk(c, "hub", "federate", "request", "--assembly", x, "--ca", caB, "--output", lab.File("c.request.json"));
        Assert.NotEqual(0, selfRefused.ExitCode);
        Assert.Contains("is not enrolled as a hub in assembly", selfRefused.Error, StringComparison.Ordinal);
        using var keyC = KeyFile.Read(Path.Combine(c, "keys", "hub.key"));
        using var tlsC = PeerCertificate.LoadOrCreate(Path.Combine(c, "mesh", "hub.pfx"), keyC.PublicKey);
        using var authorityB = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caB));
        var assemblyX = AssemblyId.TryParse(x, out var parsed) ? parsed : throw new InvalidOperationException(x);
        await File.WriteAllTextAsync(lab.File("c.request.json"), BrokerCertificateRequest.Create(keyC, assemblyX, tlsC, authorityB).ToJson());
        var refused = await KioskCliRun.Kiosk(b, "hub", "certify", "--request", lab.File("c.request.json"), "--output", lab.File("c.crt"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"{keyC.PublicKey.ToHex()} is not an enrolled gateway or hub of assembly {x}", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(lab.File("c.crt")));

        // Running: a vote on g1 (A's broker) reaches B through A's link on B's broker; B ends in step with g1.
        await lab.StartHubAsync();
        await using var hubB = await HubProcess.StartAsync(b);
        await lab.StartAsync(0);
        await lab.VoteAsync(0, codes[0], "a");
        await lab.CountedAsync(0, "paint", 1);
        await Poll.UntilAsync(() => lab.Gateways[0]!.Status is { } g && hubB.Status(x) is { } s && s.StateHash == g.StateHash && s.Events == g.Events,
            () => $"B is not in step with g1: g1 {lab.Gateways[0]!.Status?.StateHash}, B {hubB.Status(x)?.StateHash} ({hubB.Status(x)?.Events} events)\n--- B ---\n{hubB.Output}\n--- A ---\n{lab.Hub!.Output}\n--- broker B ---\n{brokerB.Output}",
            TimeSpan.FromSeconds(120));

        // Nothing of Y went to B: B holds X only, and A serves Y on its own broker.
        var heldByB = (await KioskCliRun.Ok(b, "hub", "status", "--json")).Json.GetProperty("assemblies").EnumerateArray().Select(a => a.GetProperty("assembly").GetString()).ToList();
        Assert.Equal([x], heldByB);
        Assert.NotNull(lab.Hub!.Status(assemblyY));

        // Even with a certificate of B's CA (say, issued by mistake), C gets nothing of X on B's broker: no role, no subscription.
        using (var issuer = BrokerAuthority.LoadOrCreate(Path.Combine(b, "broker"), Bytes32.TryParseHex(keyB, out var kb) ? kb : default, DateTimeOffset.UtcNow))
        using (var issued = issuer.IssueClient(keyC.PublicKey, tlsC.PublicKey, DateTimeOffset.UtcNow))
        using (var key = tlsC.GetECDsaPrivateKey()!)
        {
            await using var stranger = await RawBrokerClient.ConnectAsync(brokerB.Url, keyC.PublicKey.ToHex()[..20], new BrokerTls(issued.CopyWithPrivateKey(key), authorityB));
            foreach (var filter in new SharedBrokerTopics(assemblyX).SubscriptionsOf(keyC.PublicKey))
                Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, await stranger.SubscribeAsync(filter));
        }
    }
}
