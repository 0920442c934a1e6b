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
/// The hub's Mosquitto as <c>kiosk hub broker-config --mosquitto</c> writes it: TLS with client certificates the hub
/// issues against its ledgers (<c>kiosk hub request</c> / <c>certify</c>), the certificate's common name as user name,
/// and dynamic-security ACLs the hub keeps in step with the enrolments. Real Mosquitto, PostgreSQL and processes.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class MosquittoTlsTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_certified_gateway_syncs_through_Mosquitto_over_TLS_and_the_broker_ACLs_follow_the_enrolments()
    {
        var (lab, codes) = await HubLab.CreateAsync(postgres, count: 2, ballot: "paint", codes: 2, tls: true);
        await using var _ = lab;
        var assembly = Assembly(lab);
        var g1 = GatewayKey(lab, 0);
        var g2 = GatewayKey(lab, 1);
        await lab.StartHubAsync();

        // The hub gives the broker a role for each enrolled gateway and for itself, before its own connections need them.
        await RolesAsync(lab, present: [BrokerAcl.RoleName(assembly, g1), BrokerAcl.RoleName(assembly, g2), BrokerAcl.RoleName(assembly, Key(lab.HubKey))], absent: []);

        // g1, linked with its issued certificate, votes; the vote reaches the hub through the TLS broker.
        await lab.StartAsync(0);
        await lab.VoteAsync(0, codes[0], "a");
        await lab.CountedAsync(0, "paint", 1);
        await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        Assert.Contains($"u'{g1.ToHex()}'", lab.Broker.Output, StringComparison.Ordinal); // the certificate's name is the user name

        // A facilitator retires g2 (on g1's folder); once the hub holds that event, g2's role is gone from the broker.
        await lab.StopAsync(0);
        await KioskCliRun.Ok(lab.Data(0), "gateway", "retire", "g2", "--reason", "stolen");
        await lab.StartAsync(0);
        await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        await RolesAsync(lab, present: [BrokerAcl.RoleName(assembly, g1)], absent: [BrokerAcl.RoleName(assembly, g2)]);

        // g2's certificate still passes TLS, but the broker now lets it subscribe to nothing of the assembly.
        await using var retired = await RawBrokerClient.ConnectAsync(lab.Broker.Url, "g2-retired", Tls(lab, 1));
        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, await retired.SubscribeAsync(new SharedBrokerTopics(assembly).SubscriptionsOf(g2)[2]));
    }

    [Fact]
    public async Task Hostile_clients_are_refused_and_logged_an_unenrolled_key_a_wrong_certificate_another_assemblys_topics()
    {
        var (lab, _) = await HubLab.CreateAsync(postgres, count: 1, ballot: "paint", codes: 1, tls: true);
        await using var owned = lab;
        var assembly = Assembly(lab);
        var g1 = GatewayKey(lab, 0);
        var hub = Key(lab.HubKey);
        await lab.StartHubAsync();
        await RolesAsync(lab, present: [BrokerAcl.RoleName(assembly, g1)], absent: []);
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(lab.BrokerFolder, "ca.crt")));

        // An unenrolled key asks the hub for a certificate, with a well-made request: refused, naming the problem.
        using var stranger = AuthorKeyPair.Generate();
        using var strangerTls = X509CertificateLoader.LoadPkcs12(PeerCertificate.Create(stranger.PublicKey, DateTimeOffset.UtcNow), null);
        await File.WriteAllTextAsync(lab.File("stranger.json"), BrokerCertificateRequest.Create(stranger, assembly, strangerTls, ca).ToJson());
        var refused = await KioskCliRun.Kiosk(lab.HubData, "hub", "certify", "--request", lab.File("stranger.json"), "--output", lab.File("stranger.crt"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"{stranger.PublicKey.ToHex()} is not an enrolled gateway or hub of assembly {assembly}", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(lab.File("stranger.crt")));

        // A request naming g1's key but signed by someone else (the stranger) is refused too: the signature is g1's or nothing.
        var forged = BrokerCertificateRequest.Create(stranger, assembly, strangerTls, ca) with { Key = g1.ToHex() };
        await File.WriteAllTextAsync(lab.File("forged.json"), forged.ToJson());
        var forgedRun = await KioskCliRun.Kiosk(lab.HubData, "hub", "certify", "--request", lab.File("forged.json"), "--output", lab.File("forged.crt"));
        Assert.NotEqual(0, forgedRun.ExitCode);
        Assert.False(File.Exists(lab.File("forged.crt")));

        // A key with a certificate of the right CA but no enrolment (say, issued before it was retired): TLS passes, the ACLs give it nothing.
        using (var authority = BrokerAuthority.LoadOrCreate(lab.BrokerFolder, hub, DateTimeOffset.UtcNow))
        using (var issued = authority.IssueClient(stranger.PublicKey, strangerTls.PublicKey, DateTimeOffset.UtcNow))
        using (var key = strangerTls.GetECDsaPrivateKey()!)
        {
            await using var unenrolled = await RawBrokerClient.ConnectAsync(lab.Broker.Url, "stranger", new BrokerTls(issued.CopyWithPrivateKey(key), ca));
            Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, await unenrolled.SubscribeAsync(new SharedBrokerTopics(assembly).SubscriptionsOf(stranger.PublicKey)[2]));
            await unenrolled.PublishAsync($"kiosk/v1/{assembly}/have/{stranger.PublicKey.ToHex()}", [1]);
            await Poll.UntilAsync(() => Logged(lab, "Denied PUBLISH from stranger", $"kiosk/v1/{assembly}/have/{stranger.PublicKey.ToHex()}"),
                () => $"Mosquitto did not log the stranger's publish as denied:\n{HubLab.Tail(lab.Broker.Output)}", TimeSpan.FromSeconds(30));
        }

        // A wrong client certificate (g1's own self-signed one, with g1's name but not of the hub's CA): no TLS connection, and logged.
        var g1Tls = Tls(lab, 0);
        using (var selfSigned = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(lab.Data(0), "mesh", "gateway-g1.pfx"), null))
            await Assert.ThrowsAnyAsync<Exception>(() => RawBrokerClient.ConnectAsync(lab.Broker.Url, "g1-self-signed", g1Tls with { ClientCertificate = selfSigned }));
        await Poll.UntilAsync(() => lab.Broker.Output.Contains("certificate verify failed", StringComparison.Ordinal),
            () => $"Mosquitto did not log the wrong certificate:\n{HubLab.Tail(lab.Broker.Output)}", TimeSpan.FromSeconds(30));

        // g1 with its own certificate: its assembly's topics are open to it (the control), another assembly's are not,
        // and neither is publishing under another node's key in its own assembly.
        await using var g1Raw = await ForeignTopics.TryAsync(lab.Broker.Url, "g1-raw", g1Tls, assembly, g1, hub);
        await Poll.UntilAsync(() => Logged(lab, "Denied PUBLISH from g1-raw", g1Raw.Foreign) && Logged(lab, "Denied PUBLISH from g1-raw", g1Raw.Impersonating)
                && Logged(lab, "Received PUBLISH from g1-raw", g1Raw.OwnHave),
            () => $"Mosquitto did not log g1's publishes as expected:\n{HubLab.Tail(lab.Broker.Output)}", TimeSpan.FromSeconds(30));
        Assert.False(Logged(lab, "Denied PUBLISH from g1-raw", g1Raw.OwnHave));
    }

    /// <summary>True when a line of Mosquitto's log starts with <paramref name="what"/> and names <paramref name="topic"/>.</summary>
    private static bool Logged(HubLab lab, string what, string topic) =>
        lab.Broker.Output.Split('\n').Any(l => l.Contains(what, StringComparison.Ordinal) && l.Contains($"'{topic}'", StringComparison.Ordinal));

    private static AssemblyId Assembly(HubLab lab) => AssemblyId.TryParse(lab.Assembly, out var id) ? id : throw new InvalidOperationException("no assembly");

    private static Bytes32 Key(string hex) => Bytes32.TryParseHex(hex, out var key) ? key : throw new InvalidOperationException(hex);

    private static Bytes32 GatewayKey(HubLab lab, int index)
    {
        using var key = KeyFile.Read(Path.Combine(lab.Data(index), "keys", $"gateway-g{index + 1}.key"));
        return key.PublicKey;
    }

    /// <summary>Gateway <paramref name="index"/>'s TLS to the broker, as its uplink makes it: the issued certificate over its peer certificate's key.</summary>
    private static BrokerTls Tls(HubLab lab, int index)
    {
        var mesh = Path.Combine(lab.Data(index), "mesh");
        using var peer = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(mesh, $"gateway-g{index + 1}.pfx"), null);
        using var issued = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(mesh, "uplink.crt")));
        using var key = peer.GetECDsaPrivateKey()!;
        return new BrokerTls(issued.CopyWithPrivateKey(key), X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(mesh, "uplink-ca.crt"))));
    }

    /// <summary>Waits until Mosquitto's dynamic-security file (which it rewrites on each change) holds every present role and no absent one.</summary>
    private static Task RolesAsync(HubLab lab, string[] present, string[] absent) =>
        Poll.UntilAsync(() =>
        {
            var state = File.ReadAllText(Path.Combine(lab.BrokerFolder, MosquittoConfig.DynamicSecurityFile));
            return present.All(r => state.Contains($"\"{r}\"", StringComparison.Ordinal)) && !absent.Any(r => state.Contains($"\"{r}\"", StringComparison.Ordinal));
        }, () => $"the broker's roles are not as the ledgers say:\n{File.ReadAllText(Path.Combine(lab.BrokerFolder, MosquittoConfig.DynamicSecurityFile))}\n--- hub ---\n{lab.Hub?.Output}", TimeSpan.FromSeconds(60));
}
