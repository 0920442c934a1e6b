using System.Device.Gpio;

namespace Kiosk.Hardware;

/// <summary>
/// Reads a matrix keypad on a <see cref="TimeProvider"/> timer (so tests step it with a fake clock). Every row is driven
/// high and the columns (pulled down) are read; only when a column is high are the rows driven one at a time to find the
/// key. A key is reported once it has been seen down on <see cref="StableScans"/> scans in a row, and again only after
/// it was let go: contact bounce and a held key give one key. Why not Iot.Device.Bindings' <c>KeyMatrix</c>: its
/// <c>ReadKey</c> blocks a thread on <c>Thread.Sleep</c> (the wall clock, so FakeTimeProvider tests could not drive it)
/// and cannot be cancelled, and it writes every row on every scan even when no key is down.
/// </summary>
public sealed class MatrixKeypad : IDisposable
{
    /// <summary>How often the columns are read.</summary>
    public static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Scans in a row a key must be seen down before it counts (debounce: 40 ms at the default interval).</summary>
    public const int StableScans = 2;

    private readonly GpioController _gpio;
    private readonly KeypadPins _pins;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private (int Row, int Column)? _seen;
    private int _seenScans;
    private bool _reported;

    /// <summary>A keypad on <paramref name="pins"/> of <paramref name="gpio"/> (opened by <see cref="Start"/>).</summary>
    public MatrixKeypad(GpioController gpio, KeypadPins pins)
    {
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        _pins = pins ?? throw new ArgumentNullException(nameof(pins));
    }

    /// <summary>Raised with the key's label each time a key is pressed.</summary>
    public event EventHandler<char>? KeyPressed;

    /// <summary>Opens the lines (rows as outputs driven high, columns as pulled-down inputs) and scans on <paramref name="time"/>.</summary>
    public void Start(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        foreach (var row in _pins.Rows) _gpio.OpenPin(row, PinMode.Output, PinValue.High);
        foreach (var column in _pins.Columns) _gpio.OpenPin(column, PinMode.InputPullDown);
        _timer = time.CreateTimer(_ => Scan(), null, ScanInterval, ScanInterval);
    }

    /// <summary>One scan (the timer calls it; public so a test can step it).</summary>
    public void Scan()
    {
        char? pressed = null;
        lock (_gate)
        {
            var down = Find();
            if (down != _seen)
            {
                (_seen, _seenScans, _reported) = (down, 1, false);
            }
            else if (down is not null)
            {
                _seenScans++;
            }
            if (down is { } key && !_reported && _seenScans >= StableScans)
            {
                _reported = true;
                pressed = _pins.KeyAt(key.Row, key.Column);
            }
        }
        if (pressed is { } k) KeyPressed?.Invoke(this, k);
    }

    // The first key down, row by row: with every row high a column reads high only while one of its keys is down.
    private (int Row, int Column)? Find()
    {
        var column = -1;
        for (var c = 0; c < _pins.Columns.Count && column < 0; c++)
            if (_gpio.Read(_pins.Columns[c]) == PinValue.High) column = c;
        if (column < 0) return null;
        (int, int)? found = null;
        foreach (var row in _pins.Rows) _gpio.Write(row, PinValue.Low);
        for (var r = 0; r < _pins.Rows.Count && found is null; r++)
        {
            _gpio.Write(_pins.Rows[r], PinValue.High);
            if (_gpio.Read(_pins.Columns[column]) == PinValue.High) found = (r, column);
            _gpio.Write(_pins.Rows[r], PinValue.Low);
        }
        foreach (var row in _pins.Rows) _gpio.Write(row, PinValue.High);
        return found;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate) _timer = null;
    }
}
