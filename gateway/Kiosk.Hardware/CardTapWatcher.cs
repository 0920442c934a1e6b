namespace Kiosk.Hardware;

/// <summary>
/// Polls an <see cref="ICardReader"/> on a <see cref="TimeProvider"/> timer and reports a tap when a card arrives: a card
/// left on the reader is one tap, not one per poll. <see cref="Poll"/> is public so tests step it without a timer.
/// </summary>
public sealed class CardTapWatcher : IDisposable
{
    /// <summary>How often the reader is asked: fast enough that a quick tap is seen, slow enough for the bus.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(150);

    private readonly ICardReader _reader;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private string? _present;

    /// <summary>A watcher of <paramref name="reader"/>.</summary>
    public CardTapWatcher(ICardReader reader) => _reader = reader ?? throw new ArgumentNullException(nameof(reader));

    /// <summary>Raised with the card's UID (hex) when a card arrives at the reader.</summary>
    public event EventHandler<string>? Tapped;

    /// <summary>Starts polling every <paramref name="interval"/> on <paramref name="time"/>.</summary>
    public void Start(TimeProvider time, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var every = interval ?? DefaultInterval;
        _timer = time.CreateTimer(_ => Poll(), null, every, every);
    }

    /// <summary>Asks the reader once; raises <see cref="Tapped"/> if a card has arrived since the last poll.</summary>
    public void Poll()
    {
        string? arrived = null;
        lock (_gate)
        {
            var now = _reader.ReadCard();
            if (now is not null && now != _present) arrived = now;
            _present = now;
        }
        if (arrived is not null) Tapped?.Invoke(this, arrived);
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();
}
