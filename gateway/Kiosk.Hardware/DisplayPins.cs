namespace Kiosk.Hardware;

/// <summary>The station's character LCD: 16×2 (<c>lcd1602</c>) or 20×4 (<c>lcd2004</c>) behind a PCF8574 backpack on an I2C bus.</summary>
public sealed record DisplayPins(string Kind, int I2cBus, int I2cAddress)
{
    /// <summary>16 columns, 2 rows.</summary>
    public const string Lcd1602 = "lcd1602";

    /// <summary>20 columns, 4 rows.</summary>
    public const string Lcd2004 = "lcd2004";

    /// <summary>The usual address of a PCF8574 backpack (0x3F on the PCF8574A).</summary>
    public const int DefaultAddress = 0x27;

    /// <summary>Characters per row.</summary>
    public int Columns => Kind == Lcd2004 ? 20 : 16;

    /// <summary>Rows.</summary>
    public int Rows => Kind == Lcd2004 ? 4 : 2;
}
