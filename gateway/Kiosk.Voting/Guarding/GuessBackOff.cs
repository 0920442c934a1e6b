namespace Kiosk.Voting.Guarding;

/// <summary>
/// Slows down guessing of a secret (a facilitator's passphrase, a card's PIN) per key, on a <see cref="TimeProvider"/>:
/// after <see cref="FreeGuesses"/> wrong guesses in a row, each further one makes the key wait, <see cref="FirstWait"/>
/// then twice as long each time up to <see cref="LongestWait"/>; a right guess clears the count. Kept in memory: what it
/// guards against is a stranger guessing through one running gateway, and the keys it holds are the caller's own names.
/// </summary>
public sealed class GuessBackOff
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int InARow, DateTimeOffset Until)> _keys = new(StringComparer.Ordinal);

    /// <summary>A back-off that lets <paramref name="freeGuesses"/> wrong guesses pass, then waits <paramref name="firstWait"/> doubling up to <paramref name="longestWait"/>.</summary>
    public GuessBackOff(int freeGuesses, TimeSpan firstWait, TimeSpan longestWait, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(freeGuesses);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstWait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(longestWait, firstWait);
        FreeGuesses = freeGuesses;
        FirstWait = firstWait;
        LongestWait = longestWait;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Wrong guesses in a row that cost no wait.</summary>
    public int FreeGuesses { get; }

    /// <summary>The wait after the first wrong guess beyond the free ones.</summary>
    public TimeSpan FirstWait { get; }

    /// <summary>The cap on the wait, however many wrong guesses come.</summary>
    public TimeSpan LongestWait { get; }

    /// <summary>The wait earned by <paramref name="inARow"/> wrong guesses in a row: zero while free, then doubling from <see cref="FirstWait"/> to the cap.</summary>
    public TimeSpan WaitAfter(int inARow)
    {
        if (inARow <= FreeGuesses) return TimeSpan.Zero;
        var wait = FirstWait;
        // Doubled step by step rather than shifted, so that no count of guesses can overflow the ticks.
        for (var beyond = inARow - FreeGuesses - 1; beyond > 0 && wait < LongestWait; beyond--) wait += wait;
        return wait < LongestWait ? wait : LongestWait;
    }

    /// <summary>How long <paramref name="key"/> must still wait before its next guess is taken, or null when it may guess now.</summary>
    public TimeSpan? Wait(string key)
    {
        lock (_gate)
        {
            if (!_keys.TryGetValue(key, out var state)) return null;
            var left = state.Until - _time.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Counts a wrong guess for <paramref name="key"/> and starts (or lengthens) its wait.</summary>
    public WrongGuess Wrong(string key)
    {
        lock (_gate)
        {
            var inARow = _keys.GetValueOrDefault(key).InARow + 1;
            var wait = WaitAfter(inARow);
            _keys[key] = (inARow, _time.GetUtcNow() + wait);
            return new WrongGuess(inARow, wait);
        }
    }

    /// <summary>A right guess: <paramref name="key"/>'s count starts again.</summary>
    public void Right(string key)
    {
        lock (_gate) _keys.Remove(key);
    }
}
