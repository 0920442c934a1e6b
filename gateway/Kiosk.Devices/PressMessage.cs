namespace Kiosk.Devices;

/// <summary>A button press as sent on <c>device/{id}/vote</c>: ballot, option, the device's counter and the HMAC (hex).</summary>
public sealed record PressMessage(string Ballot, string Option, long Counter, string Hmac);
