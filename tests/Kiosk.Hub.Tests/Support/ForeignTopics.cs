using Kiosk.Ledger;
using Kiosk.Mesh;
using Kiosk.Mesh.Protocol;
using MQTTnet;

namespace Kiosk.Hub.Tests.Support;

/// <summary>
/// An enrolled gateway turned hostile, on any of the hub's brokers (Mosquitto, the NATS cluster): with its own good
/// certificate it subscribes to its assembly's topics (the control, granted), to another assembly's and to the hub's
/// (refused), then publishes a have in another assembly, a batch under the hub's key, and its own have. What the broker
/// did with the three publishes is in its log, which differs per broker: the test reads it through the topics here.
/// </summary>
public sealed class ForeignTopics(RawBrokerClient client, string foreign, string impersonating, string ownHave) : IAsyncDisposable
{
    /// <summary>The hostile gateway's connection, still subscribed to its own assembly's have topics.</summary>
    public RawBrokerClient Client => client;

    /// <summary>A have published in another assembly under the gateway's own key: to be refused.</summary>
    public string Foreign => foreign;

    /// <summary>A batch "from the hub" published by the gateway in its own assembly: to be refused.</summary>
    public string Impersonating => impersonating;

    /// <summary>The gateway's own have in its own assembly: to be accepted.</summary>
    public string OwnHave => ownHave;

    /// <summary>
    /// Connects as <paramref name="gateway"/> of <paramref name="assembly"/> with <paramref name="tls"/>, asserts the three
    /// subscriptions' answers, and publishes the three topics (the broker acknowledges each: a refusal is only logged).
    /// </summary>
    public static async Task<ForeignTopics> TryAsync(Uri broker, string clientId, BrokerTls tls, AssemblyId assembly, Bytes32 gateway, Bytes32 hub)
    {
        var other = AssemblyId.Derive(gateway, "another assembly"u8);
        var client = await RawBrokerClient.ConnectAsync(broker, clientId, tls);
        var attempt = new ForeignTopics(client,
            foreign: $"kiosk/v1/{other}/have/{gateway.ToHex()}",
            impersonating: new SharedBrokerTopics(assembly).Batch(gateway, hub),
            ownHave: $"kiosk/v1/{assembly}/have/{gateway.ToHex()}");
        try
        {
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync(new SharedBrokerTopics(assembly).SubscriptionsOf(gateway)[2]));
            Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, await client.SubscribeAsync(new SharedBrokerTopics(other).SubscriptionsOf(gateway)[2]));
            Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, await client.SubscribeAsync(new SharedBrokerTopics(assembly).SubscriptionsOf(hub)[0]));
            await client.PublishAsync(attempt.Foreign, [1]);
            await client.PublishAsync(attempt.Impersonating, [1]);
            await client.PublishAsync(attempt.OwnHave, [1]);
            return attempt;
        }
        catch
        {
            await attempt.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
