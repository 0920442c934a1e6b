using System.Text.Json.Serialization;

namespace Kiosk.Devices;

/// <summary>
/// The gateway's answer on <c>device/{id}/ack</c>: the press's counter, accepted (with the receipt tracker) or refused
/// (with a <see cref="DeviceRefusals"/> code and a message). <see cref="Repeat"/> marks the re-ack of a retried press.
/// </summary>
public sealed record AckMessage(
    [property: JsonPropertyName("counter")] long Counter,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason = null,
    [property: JsonPropertyName("message")] string? Message = null,
    [property: JsonPropertyName("tracker")] string? Tracker = null,
    [property: JsonPropertyName("repeat")] bool Repeat = false)
{
    /// <summary>Status of a recorded vote.</summary>
    public const string AcceptedStatus = "accepted";

    /// <summary>Status of a refused press.</summary>
    public const string RefusedStatus = "refused";

    /// <summary>True when the vote is durably recorded.</summary>
    [JsonIgnore]
    public bool IsAccepted => Status == AcceptedStatus;

    /// <summary>An accepted ack.</summary>
    public static AckMessage Accepted(long counter, string tracker) => new(counter, AcceptedStatus, Tracker: tracker);

    /// <summary>A refusal.</summary>
    public static AckMessage Refused(long counter, string reason, string message) => new(counter, RefusedStatus, reason, message);
}
