using System.Device.Pwm;

namespace Kiosk.Hardware;

/// <summary>A passive piezo buzzer on a hardware PWM channel (50 % duty), silenced by a <see cref="TimeProvider"/> timer.</summary>
public sealed class PwmBuzzer : IBuzzer, IDisposable
{
    private const double HalfDuty = 0.5;
    private readonly PwmChannel _channel;
    private readonly ITimer _off;

    /// <summary>A buzzer on <paramref name="channel"/> (e.g. <c>PwmChannel.Create(chip, channel, 2000)</c>).</summary>
    public PwmBuzzer(PwmChannel channel, TimeProvider? time = null)
    {
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _off = (time ?? TimeProvider.System).CreateTimer(_ => _channel.Stop(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc />
    public void Tone(int frequencyHz, TimeSpan duration)
    {
        _channel.Frequency = frequencyHz;
        _channel.DutyCycle = HalfDuty;
        _channel.Start();
        _off.Change(duration, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _off.Dispose();
        _channel.Dispose();
    }
}
