using System.Device.Gpio;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Hardware.Tests;

/// <summary>
/// The PIN keypad: a 4×3 matrix on the simulated GPIO driver (a held key joins its row to its column), scanned on a fake
/// clock; each press is one key, a bouncing or held key is still one, and each label comes from its row and column.
/// </summary>
public sealed class MatrixKeypadTests : IDisposable
{
    private static readonly KeypadPins Pins = new([4, 12, 13, 19], [20, 21, 24], KeypadPins.Keys4x3);
    private readonly SimulatedGpioDriver _driver = new();
    private readonly GpioController _gpio;
    private readonly FakeTimeProvider _time = new();
    private readonly MatrixKeypad _keypad;
    private readonly List<char> _keys = [];

    public MatrixKeypadTests()
    {
        _gpio = new GpioController(_driver);
        _keypad = new MatrixKeypad(_gpio, Pins);
        _keypad.KeyPressed += (_, key) => _keys.Add(key);
        _keypad.Start(_time);
    }

    public void Dispose()
    {
        _keypad.Dispose();
        _gpio.Dispose();
    }

    private void Press(char key, int heldMs = 100)
    {
        var index = Pins.Keys.IndexOf(key, StringComparison.Ordinal);
        var (row, column) = (Pins.Rows[index / Pins.Columns.Count], Pins.Columns[index % Pins.Columns.Count]);
        _driver.Join(row, column);
        _time.Advance(TimeSpan.FromMilliseconds(heldMs));
        _driver.Part(row, column);
        _time.Advance(TimeSpan.FromMilliseconds(60));
    }

    [Fact]
    public void Every_key_reads_as_its_label_once_per_press()
    {
        foreach (var key in "123456789*0#") Press(key);
        Assert.Equal("123456789*0#", new string([.. _keys]));
        // Idle, the rows stay driven high and the columns pulled down: nothing is read.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(12, _keys.Count);
        Assert.All(Pins.Rows, row => Assert.Equal(PinValue.High, _driver.ValueOf(row)));
    }

    [Fact]
    public void A_held_key_is_one_key_and_a_blip_shorter_than_the_debounce_is_none()
    {
        Press('5', heldMs: 3000);
        Assert.Equal(['5'], _keys);
        // Closed for less than one scan: never seen down on two scans in a row.
        _driver.Join(Pins.Rows[0], Pins.Columns[0]);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        _driver.Part(Pins.Rows[0], Pins.Columns[0]);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(['5'], _keys);
        Press('5');
        Assert.Equal(['5', '5'], _keys);
    }
}
