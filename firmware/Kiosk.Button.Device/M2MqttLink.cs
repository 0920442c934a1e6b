using System;
using System.Text;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Kiosk.Button.Device
{
    /// <summary>The device's <see cref="IMqttLink"/>: nanoFramework.M2Mqtt (MQTT 3.1.1, QoS 1).</summary>
    public class M2MqttLink : IMqttLink
    {
        private MqttClient _client;
        private MqttMessageHandler _handler;

        public bool IsConnected { get { return _client != null && _client.IsConnected; } }

        public bool Connect(string host, int port, string clientId, string userName, string password)
        {
            try
            {
                if (_client != null && _client.IsConnected) _client.Disconnect();
                _client = new MqttClient(host, port, false, null, null, MqttSslProtocols.None);
                _client.MqttMsgPublishReceived += OnPublish;
                MqttReasonCode code = _client.Connect(clientId, userName, password, false, MqttQoSLevel.AtLeastOnce, false, null, null, true, 30);
                return code == MqttReasonCode.Success;
            }
            catch (Exception)
            {
                // Wi-Fi down, broker unreachable: the caller backs off and tries again.
                return false;
            }
        }

        public bool Subscribe(string topic)
        {
            try
            {
                _client.Subscribe(new string[] { topic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool Publish(string topic, string payload)
        {
            if (!IsConnected) return false;
            try
            {
                _client.Publish(topic, Encoding.UTF8.GetBytes(payload), null, null, MqttQoSLevel.AtLeastOnce, false);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public void SetHandler(MqttMessageHandler handler) { _handler = handler; }

        public void Disconnect()
        {
            if (IsConnected) _client.Disconnect();
        }

        private void OnPublish(object sender, MqttMsgPublishEventArgs e)
        {
            MqttMessageHandler handler = _handler;
            if (handler != null) handler(e.Topic, Encoding.UTF8.GetString(e.Message, 0, e.Message.Length));
        }
    }
}
