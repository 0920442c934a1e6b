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

    public static Task<RawBrokerClient> ConnectAsync(Uri broker, string clientId, params string[] subscriptions) => ConnectAsync(broker, clientId, null, subscriptions);

    /// <summary>Connects (over TLS with <paramref name="tls"/> when given) and subscribes; fails the test when the broker refuses either.</summary>
    public static async Task<RawBrokerClient> ConnectAsync(Uri broker, string clientId, Kiosk.Mesh.BrokerTls? tls, params string[] subscriptions)
    {
        var raw = new RawBrokerClient();
        raw._client.ApplicationMessageReceivedAsync += e =>
        {
            raw.Received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port);
        if (tls is not null)
            options = options.WithTlsOptions(o => o.UseTls().WithTargetHost(broker.Host).WithClientCertificates([tls.ClientCertificate])
                .WithCertificateValidationHandler(e => tls.Trusts(e.Certificate, e.SslPolicyErrors)));
        var connected = await raw._client.ConnectAsync(options
            .WithProtocolVersion(MqttProtocolVersion.V311).WithClientId(clientId).WithCleanSession(true).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in subscriptions) subscribe.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        if (subscriptions.Length > 0) await raw._client.SubscribeAsync(subscribe.Build());
        return raw;
    }

    /// <summary>Subscribes to one filter; the broker's answer (0-2 granted, 128 refused).</summary>
    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter) =>
        (await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build())).Items.First().ResultCode;

    public async Task PublishAsync(string topic, byte[] payload) =>
        Assert.True((await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())).IsSuccess);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }
}
