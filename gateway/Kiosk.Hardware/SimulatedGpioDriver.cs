using System.Device.Gpio;

namespace Kiosk.Hardware;

/// <summary>
/// A <see cref="GpioDriver"/> with no hardware, for tests and <c>kiosk demo</c>: inputs are set by code
/// (<see cref="Press"/>, <see cref="Release"/>, <see cref="SetInput"/>) and fire the registered edge callbacks; outputs are
/// remembered. Pull-up inputs idle high, as on a Pi with a button to ground.
/// </summary>
public sealed class SimulatedGpioDriver(int pinCount = SimulatedGpioDriver.DefaultPinCount) : GpioDriver
{
    /// <summary>GPIO lines of a Raspberry Pi's header chip.</summary>
    public const int DefaultPinCount = 28;

    private readonly object _sync = new();
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _values = [];
    private readonly HashSet<(int Output, int Input)> _joined = [];
    private readonly Dictionary<int, List<(PinEventTypes Types, PinChangeEventHandler Handler)>> _callbacks = [];
    private readonly List<(int Pin, PinValue Value)> _writes = [];

    /// <inheritdoc />
    protected override int PinCount => pinCount;

    /// <summary>Every output write, in order (pin, value).</summary>
    public IReadOnlyList<(int Pin, PinValue Value)> Writes { get { lock (_sync) return [.. _writes]; } }

    /// <summary>The level of <paramref name="pin"/> now.</summary>
    public PinValue ValueOf(int pin) { lock (_sync) return _values.GetValueOrDefault(pin, PinValue.Low); }

    /// <summary>Whether <paramref name="pin"/> is open.</summary>
    public bool IsOpen(int pin) { lock (_sync) return _modes.ContainsKey(pin); }

    /// <summary>A button to ground pressed: the pin goes low.</summary>
    public void Press(int pin) => SetInput(pin, PinValue.Low);

    /// <summary>Closes the switch between <paramref name="output"/> and <paramref name="input"/> (a matrix keypad's key held down: row and column joined).</summary>
    public void Join(int output, int input)
    {
        lock (_sync) _joined.Add((output, input));
    }

    /// <summary>Opens the switch <see cref="Join"/> closed (the key let go).</summary>
    public void Part(int output, int input)
    {
        lock (_sync) _joined.Remove((output, input));
    }

    /// <summary>The button released: the pull-up brings the pin high.</summary>
    public void Release(int pin) => SetInput(pin, PinValue.High);

    /// <summary>Sets an input's level and fires the callbacks of the matching edge.</summary>
    public void SetInput(int pin, PinValue value)
    {
        PinChangeEventHandler[] handlers;
        PinEventTypes edge;
        lock (_sync)
        {
            var old = _values.GetValueOrDefault(pin, PinValue.Low);
            _values[pin] = value;
            if (old == value) return;
            edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            handlers = _callbacks.TryGetValue(pin, out var list) ? [.. list.Where(c => (c.Types & edge) != 0).Select(c => c.Handler)] : [];
        }
        foreach (var h in handlers) h(this, new PinValueChangedEventArgs(edge, pin));
    }

    private void Check(int pin)
    {
        if (pin < 0 || pin >= pinCount) throw new ArgumentOutOfRangeException(nameof(pin), $"GPIO {pin} does not exist on this simulated chip (0–{pinCount - 1})");
    }

    /// <inheritdoc />
    protected override void OpenPin(int pinNumber)
    {
        Check(pinNumber);
        lock (_sync) _modes[pinNumber] = PinMode.Input;
    }

    /// <inheritdoc />
    protected override void ClosePin(int pinNumber)
    {
        lock (_sync)
        {
            _modes.Remove(pinNumber);
            _callbacks.Remove(pinNumber);
        }
    }

    /// <inheritdoc />
    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        Check(pinNumber);
        lock (_sync)
        {
            _modes[pinNumber] = mode;
            if (mode == PinMode.InputPullUp) _values[pinNumber] = PinValue.High;
            else if (mode == PinMode.InputPullDown) _values[pinNumber] = PinValue.Low;
        }
    }

    /// <inheritdoc />
    protected override PinMode GetPinMode(int pinNumber) { lock (_sync) return _modes.GetValueOrDefault(pinNumber, PinMode.Input); }

    /// <inheritdoc />
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => pinNumber >= 0 && pinNumber < pinCount;

    /// <inheritdoc />
    protected override PinValue Read(int pinNumber)
    {
        lock (_sync)
        {
            // A closed key switch of a matrix keypad joins an input to an output: the input reads high while that output drives high.
            foreach (var (output, input) in _joined)
                if (input == pinNumber && _values.GetValueOrDefault(output, PinValue.Low) == PinValue.High) return PinValue.High;
            return _values.GetValueOrDefault(pinNumber, PinValue.Low);
        }
    }

    /// <inheritdoc />
    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_sync)
        {
            _values[pinNumber] = value;
            _writes.Add((pinNumber, value));
        }
    }

    /// <inheritdoc />
    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<PinEventTypes>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(object sender, PinValueChangedEventArgs e) => done.TrySetResult(e.ChangeType);
        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, OnChange);
        try
        {
            done.Task.Wait(cancellationToken);
            return new WaitForEventResult { EventTypes = done.Task.Result, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
        finally
        {
            RemoveCallbackForPinValueChangedEvent(pinNumber, OnChange);
        }
    }

    /// <inheritdoc />
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_sync)
        {
            if (!_callbacks.TryGetValue(pinNumber, out var list)) _callbacks[pinNumber] = list = [];
            list.Add((eventTypes, callback));
        }
    }

    /// <inheritdoc />
    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_sync)
            if (_callbacks.TryGetValue(pinNumber, out var list)) list.RemoveAll(c => c.Handler == callback);
    }
}
