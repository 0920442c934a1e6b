namespace Kiosk.Devices;

/// <summary>The reason codes a refused press carries in its ack (docs/device-protocol.md); stable protocol text.</summary>
public static class DeviceRefusals
{
    /// <summary>No device with this id is registered at this gateway, or the ledger does not know it.</summary>
    public const string UnknownDevice = "unknown-device";

    /// <summary>A facilitator revoked the device.</summary>
    public const string Revoked = "revoked";

    /// <summary>The HMAC does not match the press under the device's secret.</summary>
    public const string BadHmac = "bad-hmac";

    /// <summary>The counter is not above the device's last one (and the message is not a retry of the last).</summary>
    public const string ReplayedCounter = "replayed-counter";

    /// <summary>The ballot is closed at this gateway.</summary>
    public const string BallotClosed = "ballot-closed";

    /// <summary>The ballot exists but has not been opened.</summary>
    public const string BallotNotOpen = "ballot-not-open";

    /// <summary>There is no such ballot.</summary>
    public const string BallotUnknown = "ballot-unknown";

    /// <summary>The ballot has no such option.</summary>
    public const string OptionUnknown = "option-unknown";

    /// <summary>The device is enrolled to another gateway, or named to no member, or the ballot takes codes.</summary>
    public const string NotEligible = "not-eligible";

    /// <summary>The member already voted and the ballot lets the first vote count.</summary>
    public const string AlreadyVoted = "already-voted";

    /// <summary>The payload is not a press message.</summary>
    public const string Malformed = "malformed";

    /// <summary>The payload is larger than a press can be.</summary>
    public const string TooLarge = "too-large";

    /// <summary>This gateway cannot take votes (not enrolled in the assembly, or the ledger refused).</summary>
    public const string GatewayUnavailable = "gateway-unavailable";

    /// <summary>A presence press (check-in or check-out) while no meeting is open.</summary>
    public const string NoMeeting = "no-meeting";
}
