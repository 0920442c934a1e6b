using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Kiosk.Hub.Tests.Support;

/// <summary>A bare MQTT 3.1.1 client on the shared broker, playing whatever node a test says it is.</summary>
public sealed class RawBrokerClient : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    /// <summary>Every message received, topic and payload.</summary>
    public ConcurrentQueue<(string Topic, byte[] Payload)> Received { get; } = new();

    public static async Task<RawBrokerClient> ConnectAsync(Uri broker, string clientId, params string[] subscriptions)
    {
        var raw = new RawBrokerClient();
        raw._client.ApplicationMessageReceivedAsync += e =>
        {
            raw.Received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        var connected = await raw._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311).WithClientId(clientId).WithCleanSession(true).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in subscriptions) subscribe.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        if (subscriptions.Length > 0) await raw._client.SubscribeAsync(subscribe.Build());
        return raw;
    }

    public async Task PublishAsync(string topic, byte[] payload) =>
        Assert.True((await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())).IsSuccess);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }
}
