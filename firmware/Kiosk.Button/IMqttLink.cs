namespace Kiosk.Button
{
    /// <summary>
    /// The MQTT connection, as small as the button needs: connect, subscribe, publish at QoS 1 without waiting.
    /// nanoFramework.M2Mqtt on the device, MQTTnet in the simulator.
    /// </summary>
    public interface IMqttLink
    {
        /// <summary>True while connected.</summary>
        bool IsConnected { get; }

        /// <summary>Connects with the device's credentials; false when the broker refused or could not be reached.</summary>
        bool Connect(string host, int port, string clientId, string userName, string password);

        /// <summary>Subscribes at QoS 1; false when refused.</summary>
        bool Subscribe(string topic);

        /// <summary>Queues a QoS 1 publish; false when it could not be queued (not connected).</summary>
        bool Publish(string topic, string payload);

        /// <summary>Sets the handler of received messages.</summary>
        void SetHandler(MqttMessageHandler handler);

        /// <summary>Closes the connection.</summary>
        void Disconnect();
    }
}
