using System.Device.Gpio;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Hardware.Tests;

/// <summary>A station on the Raspberry Pi 4 pin map, with the simulated driver, a fake clock and a recording buzzer.</summary>
public sealed class StationWorld : IDisposable
{
    public StationWorld()
    {
        var result = PinMapFile.Load(Path.Combine(AppContext.BaseDirectory, "boards", "raspberry-pi-4.json"));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Map = result.Map!;
        Gpio = new GpioController(Driver);
        Station = new ButtonStation(Gpio, Map.Station, Buzzer, new ButtonStationOptions { Time = Time });
        Station.Pressed += (_, e) => Presses.Add((e.Button, e.LongPress));
        Station.Start();
    }

    public SimulatedGpioDriver Driver { get; } = new();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));
    public RecordingBuzzer Buzzer { get; } = new();
    public BoardPinMap Map { get; }
    public GpioController Gpio { get; }
    public ButtonStation Station { get; }
    public List<(string Button, bool Long)> Presses { get; } = [];

    public int Button(string name) => Map.Station.Buttons[name];
    public int Led(string name) => Map.Station.Leds[name];
    public bool LedOn(string name) => Driver.ValueOf(Led(name)) == PinValue.High;

    /// <summary>Advances in 1 ms steps: a fake clock jumps, and a timer set inside a callback would count from the jump's end.</summary>
    public void Advance(int ms)
    {
        for (var i = 0; i < ms; i++) Time.Advance(TimeSpan.FromMilliseconds(1));
    }

    /// <summary>A clean press held <paramref name="holdMs"/> then released, with time for the release to settle.</summary>
    public void Click(string name, int holdMs = 100)
    {
        Driver.Press(Button(name));
        Advance(holdMs);
        Driver.Release(Button(name));
        Advance(50);
    }

    public void Dispose()
    {
        Station.Dispose();
        Gpio.Dispose();
    }

    public sealed class RecordingBuzzer : IBuzzer
    {
        public List<int> Tones { get; } = [];
        public void Tone(int frequencyHz, TimeSpan duration) => Tones.Add(frequencyHz);
    }
}
