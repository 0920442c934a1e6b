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

    /// <summary>Audio mode: say the screen or the focused choice again.</summary>
    Repeat,

    /// <summary>Audio mode: speak slower.</summary>
    Slower,

    /// <summary>Audio mode: speak faster.</summary>
    Faster,

    /// <summary>Switch audio mode on or off.</summary>
    Audio,
}
