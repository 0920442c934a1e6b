using System.Device.Gpio;
using System.Device.I2c;
using Iot.Device.CharacterLcd;
using Iot.Device.Pcx857x;

namespace Kiosk.Hardware;

/// <summary>
/// The station's 16×2 or 20×4 character LCD (HD44780) behind a PCF8574 I2C backpack, through Iot.Device.Bindings'
/// <see cref="Lcd1602"/>/<see cref="Lcd2004"/> on a <see cref="Pcf8574"/> GPIO expander. Shows a <see cref="StationScreen"/>.
/// </summary>
public sealed class StationDisplay : IDisposable
{
    /// <summary>Pixel rows of the check mark, stored as custom character 0.</summary>
    public static readonly byte[] CheckGlyph = [0b00000, 0b00001, 0b00011, 0b10110, 0b11100, 0b01000, 0b00000, 0b00000];

    // The usual backpack wiring: P0 RS, P1 RW, P2 E, P3 backlight, P4–P7 D4–D7.
    private const int RegisterSelectPin = 0, ReadWritePin = 1, EnablePin = 2, BacklightPin = 3;
    private static readonly int[] DataPins = [4, 5, 6, 7];

    private readonly Hd44780 _lcd;
    private readonly GpioController _expander;

    /// <summary>The LCD of <paramref name="pins"/> on <paramref name="i2c"/> (the backpack's address, usually 0x27).</summary>
    public StationDisplay(DisplayPins pins, I2cDevice i2c)
    {
        ArgumentNullException.ThrowIfNull(pins);
        ArgumentNullException.ThrowIfNull(i2c);
        Columns = pins.Columns;
        Rows = pins.Rows;
        _expander = new GpioController(new Pcf8574(i2c));
        _lcd = pins.Rows == 4
            ? new Lcd2004(RegisterSelectPin, EnablePin, DataPins, BacklightPin, 1f, ReadWritePin, _expander, shouldDispose: false)
            : new Lcd1602(RegisterSelectPin, EnablePin, DataPins, BacklightPin, 1f, ReadWritePin, _expander, shouldDispose: false);
        _lcd.CreateCustomCharacter(0, CheckGlyph);
        _lcd.Clear();
    }

    /// <summary>Characters per row.</summary>
    public int Columns { get; }

    /// <summary>Rows.</summary>
    public int Rows { get; }

    /// <summary>The lines last shown (fitted), for logs and the console.</summary>
    public IReadOnlyList<string> Shown { get; private set; } = [];

    /// <summary>Shows <paramref name="screen"/>, replacing what was there.</summary>
    public void Show(StationScreen screen)
    {
        ArgumentNullException.ThrowIfNull(screen);
        var lines = screen.Fit(Columns, Rows);
        for (var row = 0; row < Rows; row++)
        {
            _lcd.SetCursorPosition(0, row);
            _lcd.Write((row < lines.Count ? lines[row] : new string(' ', Columns)).Replace(StationScreen.Check, '\0'));
        }
        Shown = lines;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _lcd.Dispose();
        _expander.Dispose();
    }
}
