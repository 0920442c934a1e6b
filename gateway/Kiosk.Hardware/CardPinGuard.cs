namespace Kiosk.Hardware;

/// <summary>
/// Counts wrong PINs per card and makes the card wait before the next try, longer each time (on a
/// <see cref="TimeProvider"/>): after <see cref="FreeTries"/> wrong PINs, <see cref="FirstWait"/>, then twice as long
/// per further wrong PIN up to <see cref="LongestWait"/>. The right PIN clears the count. Ten thousand guesses at a
/// station then take weeks. Kept in memory: a restart of the gateway (which a copier of a card cannot cause) forgets it.
/// </summary>
public sealed class CardPinGuard(TimeProvider time)
{
    /// <summary>Wrong PINs allowed before the first wait.</summary>
    public const int FreeTries = 3;

    /// <summary>The first wait.</summary>
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Wrong, DateTimeOffset Until)> _cards = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="card"/> must still wait before a PIN is taken, or null when it may try now.</summary>
    public TimeSpan? Wait(string card)
    {
        lock (_gate)
        {
            if (!_cards.TryGetValue(card, out var state)) return null;
            var left = state.Until - _time.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Counts a wrong PIN for <paramref name="card"/>; returns the wait it now has (zero while tries are free).</summary>
    public TimeSpan Wrong(string card)
    {
        lock (_gate)
        {
            var wrong = _cards.GetValueOrDefault(card).Wrong + 1;
            var wait = wrong <= FreeTries ? TimeSpan.Zero
                : TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, FirstWait.Ticks << Math.Min(wrong - FreeTries - 1, 20)));
            _cards[card] = (wrong, _time.GetUtcNow() + wait);
            return wait;
        }
    }

    /// <summary>The right PIN: the count starts again.</summary>
    public void Right(string card)
    {
        lock (_gate) _cards.Remove(card);
    }
}
