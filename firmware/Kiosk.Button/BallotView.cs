using System.Collections;

namespace Kiosk.Button
{
    /// <summary>What the retained <c>ballot/current</c> message says: the open ballot and its options, or none.</summary>
    public sealed class BallotView
    {
        /// <summary>The ballot id, or null when none is open.</summary>
        public string Ballot;

        /// <summary>True when a ballot is open for buttons.</summary>
        public bool IsOpen;

        /// <summary>The option ids, in the order of the button's slots.</summary>
        public string[] Options;

        /// <summary>A view with nothing open.</summary>
        public static BallotView None()
        {
            BallotView v = new BallotView();
            v.Options = new string[0];
            return v;
        }

        /// <summary>Reads the message; a malformed one reads as nothing open.</summary>
        public static BallotView Parse(string json)
        {
            Hashtable m = FlatJson.Parse(json);
            BallotView v = None();
            if (m == null) return v;
            v.Ballot = FlatJson.GetString(m, "ballot");
            string[] options = FlatJson.GetStrings(m, "options");
            v.IsOpen = FlatJson.GetString(m, "state") == ButtonProtocol.Open && v.Ballot != null && options != null;
            if (options != null) v.Options = options;
            return v;
        }
    }
}
