namespace Kiosk.Gateway.Audio;

/// <summary>When the audio ballot may be heard at all: the one rule that keeps it off a loudspeaker nobody configured.</summary>
public static class SpeechPolicy
{
    /// <summary>
    /// Whether speech may be played now: audio is configured, and either the installer configured a loudspeaker, or
    /// the headphone socket cannot tell (<paramref name="plugged"/> null: the output is headphones only, as installed),
    /// or headphones are in.
    /// </summary>
    public static bool MaySpeak(AudioOptions? audio, bool? plugged) =>
        audio is not null && (audio.Output == AudioOutput.Loudspeaker || audio.Jack is null || plugged is not false);
}
