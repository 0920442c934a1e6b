namespace Kiosk.Button
{
    /// <summary>Called by an <see cref="IMqttLink"/> for each message received on a subscribed topic.</summary>
    public delegate void MqttMessageHandler(string topic, string payload);
}
