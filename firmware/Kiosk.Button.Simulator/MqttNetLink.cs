using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Kiosk.Button.Simulator;

/// <summary>
/// The simulator's <see cref="IMqttLink"/>: an MQTTnet client (MQTT 3.1.1, as M2Mqtt speaks on the device). Connect and
/// subscribe wait; publish is queued without waiting, like M2Mqtt's. <see cref="DropAfterNextPublish"/> simulates a
/// connection lost right after a press left (its ack never arrives).
/// </summary>
public sealed class MqttNetLink : IMqttLink, IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private MqttMessageHandler? _handler;
    private volatile bool _dropped;
    private volatile bool _dropNext;
    private Task _dropping = Task.CompletedTask;

    /// <summary>A link with a new MQTTnet client.</summary>
    public MqttNetLink()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            if (!_dropped)
            {
                _handler?.Invoke(e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
                MessageHandled?.Invoke();
            }
            return Task.CompletedTask;
        };
    }

    /// <summary>Raised after the firmware has handled a received message (the simulator waits on it instead of polling).</summary>
    public event Action? MessageHandled;

    /// <summary>The connect result code of the last attempt (tests of refused clients read it).</summary>
    public MqttClientConnectResultCode LastConnectResult { get; private set; }

    /// <summary>Connections made (the first and every reconnect).</summary>
    public int Connections { get; private set; }

    /// <inheritdoc />
    public bool IsConnected => _client.IsConnected && !_dropped;

    /// <summary>After the next publish leaves, the connection drops and messages are ignored until reconnected.</summary>
    public void DropAfterNextPublish() => _dropNext = true;

    /// <inheritdoc />
    public bool Connect(string host, int port, string clientId, string userName, string password)
    {
        try
        {
            _dropping.GetAwaiter().GetResult();
            if (_client.IsConnected) _client.DisconnectAsync().GetAwaiter().GetResult();
            var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(clientId)
                .WithCredentials(userName, password).WithProtocolVersion(MqttProtocolVersion.V311).WithCleanSession()
                .WithTimeout(ConnectTimeout).Build();
            var result = _client.ConnectAsync(options).GetAwaiter().GetResult();
            LastConnectResult = result.ResultCode;
            if (result.ResultCode != MqttClientConnectResultCode.Success) return false;
            _dropped = false;
            Connections++;
            return true;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or MQTTnet.Adapter.MqttConnectingFailedException)
        {
            LastConnectResult = MqttClientConnectResultCode.UnspecifiedError;
            return false;
        }
    }

    /// <inheritdoc />
    public bool Subscribe(string topic)
    {
        try
        {
            var result = _client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce).GetAwaiter().GetResult();
            return result.Items.All(i => (int)i.ResultCode <= (int)MqttClientSubscribeResultCode.GrantedQoS2);
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public bool Publish(string topic, string payload)
    {
        if (!IsConnected) return false;
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        if (_dropNext)
        {
            _dropNext = false;
            _dropped = true;
            _dropping = DropAfterAsync(message);
            return true;
        }
        _ = PublishQuietlyAsync(message);
        return true;
    }

    private async Task DropAfterAsync(MqttApplicationMessage message)
    {
        await PublishQuietlyAsync(message);
        try { await _client.DisconnectAsync(); }
        catch (MQTTnet.Exceptions.MqttCommunicationException) { }
    }

    private async Task PublishQuietlyAsync(MqttApplicationMessage message)
    {
        try { await _client.PublishAsync(message); }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or MQTTnet.Exceptions.MqttClientNotConnectedException)
        {
            // Like M2Mqtt: a publish lost with the connection is the button's ack timeout's business.
        }
    }

    /// <inheritdoc />
    public void SetHandler(MqttMessageHandler handler) => _handler = handler;

    /// <inheritdoc />
    public void Disconnect()
    {
        if (_client.IsConnected) _client.DisconnectAsync().GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Disconnect(); }
        catch (MQTTnet.Exceptions.MqttCommunicationException) { }
        _client.Dispose();
    }
}
