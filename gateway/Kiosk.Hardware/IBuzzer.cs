namespace Kiosk.Hardware;

/// <summary>The station's buzzer: a tone for a while. <see cref="PwmBuzzer"/> on a Pi; a recording fake in tests.</summary>
public interface IBuzzer
{
    /// <summary>Sounds <paramref name="frequencyHz"/> for <paramref name="duration"/> (replacing any tone playing).</summary>
    void Tone(int frequencyHz, TimeSpan duration);
}
