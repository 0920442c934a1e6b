using System.Device.Gpio;
using System.Device.Pwm.Drivers;

namespace Kiosk.Hardware.Tests;

/// <summary>A buzzer on a pin without hardware PWM: SoftwarePwmChannel toggles the pin through the injected GPIO driver.</summary>
public sealed class SoftwarePwmBuzzerTests
{
    [Fact]
    public void A_tone_on_a_plain_pin_toggles_it_and_stops_when_the_time_is_up()
    {
        var driver = new SimulatedGpioDriver();
        using var gpio = new GpioController(driver);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var buzzer = new PwmBuzzer(new SoftwarePwmChannel(23, 400, 0.5, usePrecisionTimer: false, gpio, shouldDispose: false), time);

        buzzer.Tone(400, TimeSpan.FromMilliseconds(200));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (driver.Writes.Count(w => w.Pin == 23) < 4 && DateTime.UtcNow < deadline) Thread.Yield();
        Assert.True(driver.Writes.Count(w => w.Pin == 23 && w.Value == PinValue.High) >= 2, "the pin never toggled");

        time.Advance(TimeSpan.FromMilliseconds(200));
        var stoppedAt = driver.Writes.Count;
        deadline = DateTime.UtcNow.AddSeconds(10);
        // After Stop the channel writes at most the last half-period; then the pin stays still.
        while (DateTime.UtcNow < deadline && driver.Writes.Count > stoppedAt + 2) Thread.Yield();
        Assert.True(driver.Writes.Count <= stoppedAt + 2, "the pin kept toggling after the tone ended");
    }
}
