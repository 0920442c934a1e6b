namespace Kiosk.Gateway.Web.Camera;

/// <summary>The camera endpoint's answer when a frame holds a voter code: <c>{"code":"…"}</c>.</summary>
internal sealed record CameraCode(string Code);
