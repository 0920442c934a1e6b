using System.Collections;

namespace Kiosk.Button
{
    /// <summary>
    /// What enrolment writes for one button (the settings file flashed to the ESP32, or read by the simulator): its id,
    /// its secret (hex), the assembly, where the gateway's broker is, and the Wi-Fi to join.
    /// </summary>
    public sealed class ButtonSettings
    {
        /// <summary>The device id, also its MQTT user name and client id.</summary>
        public string DeviceId;

        /// <summary>The device secret as hex: the MQTT password and the HMAC key of its presses. Never logged.</summary>
        public string SecretHex;

        /// <summary>The assembly id (32 hex digits), the second level of every topic.</summary>
        public string Assembly;

        /// <summary>The gateway broker's host name or address.</summary>
        public string BrokerHost;

        /// <summary>The gateway broker's port.</summary>
        public int BrokerPort;

        /// <summary>The Wi-Fi network (device only; empty for the simulator).</summary>
        public string WifiSsid;

        /// <summary>The Wi-Fi password (device only).</summary>
        public string WifiPassword;

        /// <summary>Reads the settings JSON; null when a required member is missing.</summary>
        public static ButtonSettings Parse(string json)
        {
            Hashtable m = FlatJson.Parse(json);
            if (m == null) return null;
            ButtonSettings s = new ButtonSettings();
            s.DeviceId = FlatJson.GetString(m, "deviceId");
            s.SecretHex = FlatJson.GetString(m, "secret");
            s.Assembly = FlatJson.GetString(m, "assembly");
            s.BrokerHost = FlatJson.GetString(m, "brokerHost");
            s.BrokerPort = (int)FlatJson.GetLong(m, "brokerPort", 1883);
            s.WifiSsid = FlatJson.GetString(m, "wifiSsid");
            s.WifiPassword = FlatJson.GetString(m, "wifiPassword");
            if (s.DeviceId == null || s.SecretHex == null || s.Assembly == null || s.BrokerHost == null) return null;
            if (Hex.Decode(s.SecretHex) == null) return null;
            return s;
        }
    }
}
