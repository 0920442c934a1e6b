using System.Collections;

namespace Kiosk.Button
{
    /// <summary>What a gateway ack says: for which counter, accepted or refused, the reason, the receipt tracker.</summary>
    public sealed class AckView
    {
        /// <summary>The counter of the press answered.</summary>
        public long Counter;

        /// <summary>True when the vote is durably recorded.</summary>
        public bool Accepted;

        /// <summary>The refusal reason code (see docs/device-protocol.md), or null.</summary>
        public string Reason;

        /// <summary>The vote's receipt tracker, when accepted.</summary>
        public string Tracker;

        /// <summary>Reads an ack; null when malformed.</summary>
        public static AckView Parse(string json)
        {
            Hashtable m = FlatJson.Parse(json);
            if (m == null) return null;
            AckView a = new AckView();
            a.Counter = FlatJson.GetLong(m, "counter", -1);
            string status = FlatJson.GetString(m, "status");
            if (a.Counter < 0 || status == null) return null;
            a.Accepted = status == ButtonProtocol.Accepted;
            a.Reason = FlatJson.GetString(m, "reason");
            a.Tracker = FlatJson.GetString(m, "tracker");
            return a;
        }
    }
}
