namespace Kiosk.Button
{
    /// <summary>The feedback signals a button shows (constants, not an enum: the subset prints enums as numbers).</summary>
    public static class ButtonFeedback
    {
        /// <summary>Nothing to show.</summary>
        public const int None = 0;

        /// <summary>Waiting for the gateway's ack.</summary>
        public const int Waiting = 1;

        /// <summary>The vote is durably recorded.</summary>
        public const int Accepted = 2;

        /// <summary>The gateway refused the press (the reason is in the ack).</summary>
        public const int Refused = 3;

        /// <summary>No ack after every retry: the voter should try again or ask a facilitator.</summary>
        public const int Failed = 4;

        /// <summary>Not connected to the gateway.</summary>
        public const int Offline = 5;
    }
}
