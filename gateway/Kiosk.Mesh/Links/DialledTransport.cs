using MQTTnet;
using MQTTnet.Protocol;

namespace Kiosk.Mesh.Links;

/// <summary>A link's connection when this gateway dialled the peer: an MQTT 3.1.1 client publishing into the peer's broker.</summary>
internal sealed class DialledTransport(IMqttClient client, string remote) : ILinkTransport
{
    public string Remote { get; } = remote;

    public async Task SendAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        // MQTT 3.1.1 acks every accepted publish plainly; a failure here is the connection's, not the peer's verdict.
        if (!result.IsSuccess) throw new IOException($"publish to {Remote} failed: {result.ReasonCode}");
    }

    public async Task CloseAsync(string reason)
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build()).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // Already gone.
        }
        finally
        {
            client.Dispose();
        }
    }
}
