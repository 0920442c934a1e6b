using System.Text;

namespace Kiosk.Button
{
    /// <summary>
    /// The button's side of the device protocol (docs/device-protocol.md): topics, the signed text of a press, the press
    /// payload. The gateway's <c>Kiosk.Devices.DeviceProtocol</c> implements the other side; tests check they agree.
    /// </summary>
    public static class ButtonProtocol
    {
        /// <summary>First level of every topic (protocol version 1).</summary>
        public const string TopicRoot = "kiosk/v1/";

        /// <summary>Ack status of a recorded vote.</summary>
        public const string Accepted = "accepted";

        /// <summary>Ack status of a refused press.</summary>
        public const string Refused = "refused";

        /// <summary>State of the current ballot when one is open for buttons.</summary>
        public const string Open = "open";

        /// <summary>The "ballot" of a presence press: option "in" checks the button's member in to the open meeting, "out" out.</summary>
        public const string PresenceBallot = "@presence";

        /// <summary>The option of a check-in press.</summary>
        public const string CheckIn = "in";

        /// <summary>Where the device publishes its presses.</summary>
        public static string VoteTopic(string assembly, string device) { return TopicRoot + assembly + "/device/" + device + "/vote"; }

        /// <summary>Where the gateway answers the device.</summary>
        public static string AckTopic(string assembly, string device) { return TopicRoot + assembly + "/device/" + device + "/ack"; }

        /// <summary>The retained current ballot.</summary>
        public static string CurrentBallotTopic(string assembly) { return TopicRoot + assembly + "/ballot/current"; }

        /// <summary>The exact text the HMAC covers: version, assembly, device, ballot, option and counter, '|'-separated.</summary>
        public static string SignedText(string assembly, string device, string ballot, string option, long counter)
        {
            return "kiosk/v1|" + assembly + "|" + device + "|" + ballot + "|" + option + "|" + counter.ToString();
        }

        /// <summary>HMAC-SHA256 of the signed text under the device's secret, as hex.</summary>
        public static string Sign(byte[] secret, string assembly, string device, string ballot, string option, long counter)
        {
            byte[] text = Encoding.UTF8.GetBytes(SignedText(assembly, device, ballot, option, counter));
            return Hex.Encode(HmacSha256.Compute(secret, text));
        }

        /// <summary>The JSON payload of a press.</summary>
        public static string PressPayload(string ballot, string option, long counter, string hmacHex)
        {
            return "{\"ballot\":" + FlatJson.Quote(ballot) + ",\"option\":" + FlatJson.Quote(option) + ",\"counter\":" + counter.ToString()
                + ",\"hmac\":\"" + hmacHex + "\"}";
        }
    }
}
