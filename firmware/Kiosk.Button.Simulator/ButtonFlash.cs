namespace Kiosk.Button.Simulator;

/// <summary>
/// What a simulated button keeps where an ESP32 keeps its flash: the settings written at enrolment, and the file its press
/// counter lives in (beside the settings file, <c>ID.counter</c>; null keeps it in memory only). With the file, a button
/// run again — by a second <c>kiosk demo</c> or <c>kiosk sim buttons</c> — counts on from its last press, as a restarted
/// board does, so the gateway does not refuse its presses as replays.
/// </summary>
public sealed record ButtonFlash(ButtonSettings Settings, string? CounterFile)
{
    /// <summary>The counter file beside the settings file <paramref name="settingsFile"/>.</summary>
    public static string CounterFileOf(string settingsFile) => Path.ChangeExtension(settingsFile ?? throw new ArgumentNullException(nameof(settingsFile)), ".counter");
}
