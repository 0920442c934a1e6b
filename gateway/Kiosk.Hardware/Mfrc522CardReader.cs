using System.Device.Gpio;
using System.Device.Spi;
using Iot.Device.Mfrc522;

namespace Kiosk.Hardware;

/// <summary>
/// An MFRC522 reader on SPI, through Iot.Device.Bindings' <see cref="MfRc522"/>. A new card is found with REQA and
/// selected, then halted (HLTA) so it does not answer REQA again while it lies on the reader; a wake-up (WUPA) tells that
/// the halted card is still there. A card that leaves and comes back is found anew.
/// </summary>
public sealed class Mfrc522CardReader : ICardReader
{
    private readonly MfRc522 _chip;
    private readonly SpiDevice _spi;
    private readonly byte[] _atqa = new byte[2];
    private string? _lying;

    /// <summary>A reader on <paramref name="spi"/> (which it closes when disposed); <paramref name="resetPin"/> (−1: none) is pulsed on <paramref name="gpio"/> at start.</summary>
    public Mfrc522CardReader(SpiDevice spi, int resetPin = -1, GpioController? gpio = null)
    {
        _spi = spi ?? throw new ArgumentNullException(nameof(spi));
        // The binding would dispose the GPIO controller too, which is the station's: close the SPI device ourselves.
        _chip = new MfRc522(spi, resetPin, gpio, shouldDispose: false);
    }

    /// <inheritdoc />
    public string? ReadCard()
    {
        if (_chip.ListenToCardIso14443TypeA(out var card, TimeSpan.Zero) && card.NfcId is { Length: > 0 } uid)
        {
            _chip.Halt();
            return _lying = Convert.ToHexString(uid);
        }
        // No card answered REQA: either none is there, or the one we halted still is (it answers a wake-up).
        if (_lying is not null && _chip.IsCardPresent(_atqa, reselect: true)) return _lying;
        return _lying = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _chip.Dispose();
        _spi.Dispose();
    }
}
