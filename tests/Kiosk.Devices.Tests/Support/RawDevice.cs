using System.Text;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Kiosk.Devices.Tests.Support;

/// <summary>A hand-driven MQTT client (MQTT 5, so PUBACK reason codes show) for the tests that misbehave on purpose.</summary>
public sealed class RawDevice : IAsyncDisposable
{
    private readonly Channel<(string Topic, string Payload)> _received = Channel.CreateUnbounded<(string, string)>();

    public RawDevice()
    {
        Client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Writer.TryWrite((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; } = new MqttClientFactory().CreateMqttClient();

    public async Task<MqttClientConnectResult?> ConnectAsync(int port, string? user, string? password, string clientId)
    {
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithProtocolVersion(MqttProtocolVersion.V500);
        if (user is not null) builder = builder.WithCredentials(user, password);
        try { return await Client.ConnectAsync(builder.Build()); }
        catch (MQTTnet.Adapter.MqttConnectingFailedException) { return null; }
    }

    public Task<MqttClientPublishResult> PublishAsync(string topic, string payload) =>
        Client.PublishStringAsync(topic, payload, MqttQualityOfServiceLevel.AtLeastOnce);

    /// <summary>The next message received, or null after <paramref name="timeout"/>.</summary>
    public async Task<(string Topic, string Payload)?> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { return await _received.Reader.ReadAsync(cts.Token); }
        catch (OperationCanceledException) { return null; }
    }

    /// <summary>The next ack, decoded.</summary>
    public async Task<AckMessage> NextAckAsync()
    {
        while (true)
        {
            var m = await NextAsync(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("no ack within 10 s");
            if (m.Topic.EndsWith("/ack", StringComparison.Ordinal)) return DeviceProtocol.DecodeAck(Encoding.UTF8.GetBytes(m.Payload))!;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected) await Client.DisconnectAsync();
        Client.Dispose();
    }
}
