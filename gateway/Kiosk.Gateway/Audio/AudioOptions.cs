namespace Kiosk.Gateway.Audio;

/// <summary>
/// The kiosk's audio ballot (<c>--audio</c>): where it is heard, the headphone jack to watch, the key that starts it,
/// the espeak-ng program and its default speed. Without these options the kiosk has no audio mode.
/// </summary>
public sealed record AudioOptions
{
    /// <summary>Slowest speech, in words per minute (espeak-ng's <c>-s</c>).</summary>
    public const int SlowestRate = 80;

    /// <summary>Fastest speech, in words per minute.</summary>
    public const int FastestRate = 400;

    /// <summary>Where the audio is heard; a loudspeaker only when configured.</summary>
    public AudioOutput Output { get; init; } = AudioOutput.Headphones;

    /// <summary>The headphone socket's jack detection; null when the socket cannot tell (a key or button starts audio mode).</summary>
    public IHeadphoneJack? Jack { get; init; }

    /// <summary>How often the jack is read.</summary>
    public TimeSpan JackPoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The keyboard key (a <c>KeyboardEvent.key</c> name) that switches audio mode on and off.</summary>
    public string StartKey { get; init; } = "F2";

    /// <summary>The speech synthesiser program (Debian's espeak-ng).</summary>
    public string Espeak { get; init; } = "espeak-ng";

    /// <summary>The speed a resident starts at, in words per minute.</summary>
    public int Rate { get; init; } = 160;
}
