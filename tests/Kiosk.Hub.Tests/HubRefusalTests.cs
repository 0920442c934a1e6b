using Kiosk.Hub.Tests.Support;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Hub.Tests;

/// <summary>What the hub does with clients on its broker that are not the assembly's gateways.</summary>
[Collection(SharedPostgres.Name)]
public sealed class HubRefusalTests(PostgresServer postgres)
{
    [Fact]
    public async Task An_unenrolled_key_on_the_broker_is_refused_and_logged_while_an_enrolled_gateway_is_answered()
    {
        var (lab, _) = await HubLab.CreateAsync(postgres, count: 1, ballot: "paint", codes: 1);
        await using var owned = lab;
        await lab.StartHubAsync();
        // "Serving" is said before the hub's connection to the broker is up; a want published before it subscribed is
        // lost (these raw clients ask once), and the hub would never log the stranger.
        await Poll.UntilAsync(() => lab.Hub!.Output.Contains("Mesh: connected to broker", StringComparison.Ordinal),
            () => $"the hub never connected to its broker:\n{lab.Hub!.Output}", TimeSpan.FromSeconds(60));
        var assembly = AssemblyId.TryParse(lab.Assembly, out var id) ? id : throw new InvalidOperationException("no assembly");
        var topics = new SharedBrokerTopics(assembly);
        Assert.True(Bytes32.TryParseHex(lab.HubKey, out var hub));
        var founder = Bytes32.TryParseHex((await KioskCliRun.Ok(lab.Origin, "status", "--json")).Json.GetProperty("feeds")[0].GetProperty("author").GetString(), out var f) ? f : default;
        var want = new WantMessage(1, 1 << 20, [new FeedRange(founder, 1, 100)], []).Encode();

        // A key nobody enrolled asks the hub for the assembly's events: refused, and said in the hub's log.
        using var strangerKey = AuthorKeyPair.Generate();
        var stranger = strangerKey.PublicKey;
        await using var strangerClient = await RawBrokerClient.ConnectAsync(lab.Broker.Url, "stranger", topics.SubscriptionsOf(stranger)[1]);
        await strangerClient.PublishAsync(topics.Want(hub, stranger), want);
        await Poll.UntilAsync(() => lab.Hub!.Output.Contains($"{stranger.ToHex()} is not an enrolled gateway or hub", StringComparison.Ordinal),
            () => $"the hub did not log the stranger:\n{lab.Hub!.Output}", TimeSpan.FromSeconds(60));

        // The same want from an enrolled gateway's key is answered with a batch of the founder's events.
        var gateway = KeyFile.Read(Path.Combine(lab.Data(0), "keys", "gateway-g1.key"));
        await using var gatewayClient = await RawBrokerClient.ConnectAsync(lab.Broker.Url, "g1-raw", topics.SubscriptionsOf(gateway.PublicKey)[1]);
        await gatewayClient.PublishAsync(topics.Want(hub, gateway.PublicKey), want);
        await Poll.UntilAsync(() => gatewayClient.Received.Any(m => BatchMessage.TryDecode(m.Payload, out var batch, out _) && batch.Events.Count > 0),
            () => $"no batch for the enrolled gateway:\n{lab.Hub!.Output}", TimeSpan.FromSeconds(60));
        Assert.Empty(strangerClient.Received);
        gateway.Dispose();
    }
}
