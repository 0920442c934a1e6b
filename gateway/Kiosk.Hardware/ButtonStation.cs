using System.Device.Gpio;

namespace Kiosk.Hardware;

/// <summary>
/// A wired button station on the gateway's GPIO: buttons to ground on pull-up inputs, an LED per button, a buzzer.
/// Each edge (re)starts the button's debounce timer; when the level has held for the debounce time it counts. A press
/// is reported on release, or as a long press as soon as it has been held long enough (and then not again on release).
/// </summary>
public sealed class ButtonStation : IDisposable
{
    private readonly GpioController _gpio;
    private readonly StationPins _pins;
    private readonly ButtonStationOptions _options;
    private readonly IBuzzer? _buzzer;
    private readonly Dictionary<int, Key> _keys = [];
    private readonly object _sync = new();

    private sealed class Key(string name)
    {
        public string Name { get; } = name;
        public bool Down { get; set; }
        public bool LongFired { get; set; }
        public ITimer? Debounce { get; set; }
        public ITimer? Hold { get; set; }
    }

    /// <summary>A station on <paramref name="gpio"/> wired as <paramref name="pins"/> says (pins are opened by <see cref="Start"/>).</summary>
    public ButtonStation(GpioController gpio, StationPins pins, IBuzzer? buzzer = null, ButtonStationOptions? options = null)
    {
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        _pins = pins ?? throw new ArgumentNullException(nameof(pins));
        _buzzer = buzzer;
        _options = options ?? new ButtonStationOptions();
    }

    /// <summary>A debounced press (short on release, long while still held).</summary>
    public event EventHandler<ButtonEventArgs>? Pressed;

    /// <summary>The LEDs lit now, by button name.</summary>
    public IReadOnlySet<string> LitLeds { get { lock (_sync) return new HashSet<string>(_lit, StringComparer.Ordinal); } }

    private readonly HashSet<string> _lit = new(StringComparer.Ordinal);

    /// <summary>Opens the pins (inputs with pull-up, LEDs off) and starts listening to both edges.</summary>
    public void Start()
    {
        foreach (var (name, pin) in _pins.Leds)
        {
            _gpio.OpenPin(pin, PinMode.Output);
            _gpio.Write(pin, PinValue.Low);
        }
        // The audio ballot's control buttons are pressed the same way; only their names tell them from the choices.
        foreach (var (name, pin) in _pins.Buttons.Concat(_pins.Controls))
        {
            var key = new Key(name);
            key.Debounce = _options.Time.CreateTimer(_ => Settle(pin), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            key.Hold = _options.Time.CreateTimer(_ => HoldReached(pin), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _keys[pin] = key;
            _gpio.OpenPin(pin, PinMode.InputPullUp);
            _gpio.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, OnEdge);
        }
    }

    private void OnEdge(object sender, PinValueChangedEventArgs e)
    {
        // Contacts bounce: every edge restarts the wait, and only a level that then holds counts.
        if (_keys.TryGetValue(e.PinNumber, out var key)) key.Debounce!.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
    }

    private void Settle(int pin)
    {
        var key = _keys[pin];
        var down = _gpio.Read(pin) == PinValue.Low;
        string? shortPress = null;
        lock (_sync)
        {
            if (down == key.Down) return;
            key.Down = down;
            if (down)
            {
                key.LongFired = false;
                key.Hold!.Change(_options.LongPress - _options.Debounce, Timeout.InfiniteTimeSpan);
                return;
            }
            key.Hold!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (!key.LongFired) shortPress = key.Name;
        }
        if (shortPress is not null) Pressed?.Invoke(this, new ButtonEventArgs(shortPress, longPress: false));
    }

    private void HoldReached(int pin)
    {
        var key = _keys[pin];
        lock (_sync)
        {
            if (!key.Down || key.LongFired) return;
            key.LongFired = true;
        }
        Pressed?.Invoke(this, new ButtonEventArgs(key.Name, longPress: true));
    }

    /// <summary>Lights exactly the LEDs of <paramref name="names"/> (unknown names are ignored).</summary>
    public void ShowLeds(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var on = new HashSet<string>(names, StringComparer.Ordinal);
        lock (_sync)
        {
            foreach (var (name, pin) in _pins.Leds)
            {
                var lit = on.Contains(name);
                if (lit == _lit.Contains(name)) continue;
                _gpio.Write(pin, lit ? PinValue.High : PinValue.Low);
                if (lit) _lit.Add(name); else _lit.Remove(name);
            }
        }
    }

    /// <summary>Sounds the buzzer (no-op without one).</summary>
    public void Beep(int frequencyHz, TimeSpan duration) => _buzzer?.Tone(frequencyHz, duration);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (pin, key) in _keys)
        {
            key.Debounce?.Dispose();
            key.Hold?.Dispose();
            _gpio.UnregisterCallbackForPinValueChangedEvent(pin, OnEdge);
        }
        ShowLeds([]);
    }
}
