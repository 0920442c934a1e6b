namespace Kiosk.Gateway.Web.Camera;

/// <summary>
/// What one camera frame showed: a voter code (<see cref="Code"/>, formatted XXXX-XXXX-XXXX), no QR code at all (both
/// null: the resident has not held the slip up yet), or a QR code that is not a voter code (<see cref="Problem"/> says why).
/// </summary>
/// <param name="Code">The voter code the frame's QR code holds, or null.</param>
/// <param name="Problem">Why the QR code in the frame is not a voter code, or null.</param>
public sealed record CameraReading(string? Code, string? Problem)
{
    /// <summary>A frame with no readable QR code in it.</summary>
    public static CameraReading Nothing { get; } = new(null, null);

    /// <summary>Whether the frame held no QR code.</summary>
    public bool IsNothing => Code is null && Problem is null;
}
