namespace Kiosk.Gateway.Host;

/// <summary>The wired buttons that drive the kiosk as an accessible controller.</summary>
public enum ControllerButton
{
    /// <summary>Move to the next choice on the screen.</summary>
    Next,

    /// <summary>Press the focused choice.</summary>
    Select,

    /// <summary>Go back one screen.</summary>
    Back,
}
