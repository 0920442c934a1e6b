namespace Kiosk.Hardware;

/// <summary>An NFC member-card reader: which card (if any) is in its field now. <see cref="CardTapWatcher"/> turns that into taps.</summary>
public interface ICardReader : IDisposable
{
    /// <summary>The UID of the card in the field as upper-case hex (e.g. "04A1B2C3"), or null when there is none.</summary>
    string? ReadCard();
}
